"""Deep RL, one readable file per algorithm (CleanRL style)."""
