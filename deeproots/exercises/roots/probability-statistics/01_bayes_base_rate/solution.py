"""Bayes' rule and the base-rate fallacy: how likely is the disease after a positive test?

Source: MIT 18.05 (Orloff & Bloom), class 3 "Conditional probability, independence and
Bayes' theorem" (the base rate fallacy example); Blitzstein & Hwang, Introduction to
Probability §2.3.
https://ocw.mit.edu/courses/18-05-introduction-to-probability-and-statistics-spring-2014/

A test for a disease D has
    prevalence   P(D)          the base rate: the fraction of people who have D
    sensitivity  P(+ | D)      the true-positive rate
    specificity  P(- | not D)  the true-negative rate; 1 - specificity = P(+ | not D) is
                               the false-positive rate
Bayes' rule, with the law of total probability in the denominator:

    P(D | +) = P(+ | D) P(D) / P(+)
             = sens * prev / (sens * prev + (1 - spec) * (1 - prev))

After k positive results from tests that are independent given the disease status,
multiply the likelihoods (equivalently, apply Bayes' rule k times, each posterior
becoming the next prior):

    P(D | k positives) = sens^k prev / (sens^k prev + (1 - spec)^k (1 - prev))

For k = 0 this is the prior, prev.

Shapes: prevalence, sensitivity, specificity (and k) are floats or float arrays (k
integers) that broadcast together with NumPy's rules; the result has the broadcast shape
(a 0-d array or float for scalar inputs). Use array arithmetic, no Python loops.

Tiny example (the textbook case): prevalence 0.001, sensitivity 0.99, false-positive
rate 0.02 (specificity 0.98):
    P(+) = 0.99 * 0.001 + 0.02 * 0.999 = 0.00099 + 0.01998 = 0.02097
    P(D | +) = 0.00099 / 0.02097 = about 0.047
Fewer than 5 in 100 people who test positive have the disease: the false positives from
the 999 healthy people in 1000 swamp the one true positive. A second positive test gives
0.99^2 * 0.001 / (0.99^2 * 0.001 + 0.02^2 * 0.999), about 0.71.
"""
import numpy as np


def posterior_positive(prevalence, sensitivity, specificity):
    """Return P(disease | one positive test), broadcast over the inputs."""
    # TODO: true positives sens * prev, false positives (1 - spec) * (1 - prev); Bayes.
    ### BEGIN SOLUTION
    prevalence = np.asarray(prevalence, dtype=float)
    true_positives = sensitivity * prevalence
    false_positives = (1.0 - specificity) * (1.0 - prevalence)
    return true_positives / (true_positives + false_positives)
    ### END SOLUTION


def posterior_after_k_positives(prevalence, sensitivity, specificity, k):
    """Return P(disease | k independent positive tests), broadcast over the inputs."""
    # TODO: raise each likelihood to the power k, then Bayes' rule as above.
    ### BEGIN SOLUTION
    prevalence = np.asarray(prevalence, dtype=float)
    sick_and_k_positives = prevalence * np.power(sensitivity, k)
    healthy_and_k_positives = (1.0 - prevalence) * np.power(1.0 - specificity, k)
    return sick_and_k_positives / (sick_and_k_positives + healthy_and_k_positives)
    ### END SOLUTION
