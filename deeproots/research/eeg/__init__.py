"""EEG anomaly (seizure) detection: data, a synthetic generator with ground truth, methods from papers, evaluation."""
