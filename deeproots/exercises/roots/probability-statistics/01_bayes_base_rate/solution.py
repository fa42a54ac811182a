"""Reference solution: Bayes' rule and the base rate."""
import numpy as np


def posterior_positive(prevalence, sensitivity, specificity):
    prevalence = np.asarray(prevalence, dtype=float)
    true_positives = sensitivity * prevalence
    false_positives = (1.0 - specificity) * (1.0 - prevalence)
    return true_positives / (true_positives + false_positives)


def posterior_after_k_positives(prevalence, sensitivity, specificity, k):
    prevalence = np.asarray(prevalence, dtype=float)
    sick_and_k_positives = prevalence * np.power(sensitivity, k)
    healthy_and_k_positives = (1.0 - prevalence) * np.power(1.0 - specificity, k)
    return sick_and_k_positives / (sick_and_k_positives + healthy_and_k_positives)
