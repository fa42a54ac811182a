"""The limitations lab: small, controlled data sets that probe what networks can and cannot learn."""
