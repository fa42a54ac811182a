"""sort-of-clevr's trusted evaluation (runs in the grader's process, never in the learner's).

Hidden data, drawn fresh from ``rng`` at every evaluation: N_TEST images of the kit's
configuration, each with its 12 questions (the six types equally often). The score is the
accuracy on the relational questions (closest / furthest / count); non-relational accuracy
and every question type are reported too. Two floors are computed on the same questions:
- the blind guess (the baseline of bronze): the most common answer of each question type among
  these very questions: the best any rule that never looks at the image can score on this draw
  (fitted on the hidden answers themselves, so a learner's own prior cannot beat it by luck);
- the whole-image guess (a note and a chart): for each question, the answer shared by the most
  objects of the image for that question type; it sees the scene perfectly but not which
  object is named (the lab's floor for relational reasoning).
"""
from __future__ import annotations

import numpy as np

from deeproots.lab.datasets.sort_of_clevr import generate
from deeproots.lab.experiments.sort_of_clevr import image_level_baseline
from deeproots.projects.evaluation import Evaluation, as_array, fresh_seed, paired_margin
from deeproots.projects.sort_of_clevr.kit import (ANSWERS, COLOURS, QUESTION_TYPES, QUESTIONS, RELATIONAL, config,
                                                  question_types)

N_TEST = 1000
BATCH = 250
SHORT = {"shape": "shape", "left": "on the left?", "top": "on the top?", "closest_shape": "closest's shape",
         "furthest_shape": "furthest's shape", "count_same_shape": "how many like it"}



def _answers(learner, model, images: np.ndarray, questions: np.ndarray) -> np.ndarray:
    said = []
    for i in range(0, len(images), BATCH):
        n = len(images[i:i + BATCH])
        said.append(as_array(learner.predict(model, images[i:i + BATCH], questions[i:i + BATCH]), n,
                             "predict(model, images, questions)'s answers", shape=(QUESTIONS,)))
    answers = np.concatenate(said)
    if not (np.all(answers == np.rint(answers)) and np.all((answers >= 0) & (answers < len(ANSWERS)))):
        raise ValueError(f"predict(model, images, questions)'s answers should be whole numbers 0..{len(ANSWERS) - 1}"
                         " (indices into ANSWERS)")
    return answers.astype(np.int64)


def fit_blind_guess(answers: np.ndarray, types: np.ndarray) -> np.ndarray:
    """The most common answer of each question type (ties: the lowest answer index)."""
    return np.array([np.bincount(answers[types == t], minlength=len(ANSWERS)).argmax()
                     for t in range(len(QUESTION_TYPES))])


def by_type(right: np.ndarray, types: np.ndarray) -> dict[str, float]:
    """Accuracy on relational and non-relational questions, overall, and per question type."""
    relational = np.isin(types, RELATIONAL)
    out = {"relational_accuracy": float(right[relational].mean()),
           "nonrelational_accuracy": float(right[~relational].mean()), "accuracy": float(right.mean())}
    out.update({f"{name}_accuracy": float(right[types == t].mean()) for t, name in enumerate(QUESTION_TYPES)})
    return out



def evaluate(learner, model, rng: np.random.Generator, quick: bool = False) -> Evaluation:
    test = generate(config(), N_TEST, fresh_seed(rng))
    types = question_types(test.questions)
    guess = fit_blind_guess(test.answers, types)  # the best image-blind rule for these very questions
    said = _answers(learner, model, test.images, test.questions)
    right, blind = said == test.answers, guess[types] == test.answers
    whole = image_level_baseline(config(), test, types)
    metrics, baseline, whole_image = by_type(right, types), by_type(blind, types), by_type(whole, types)
    relational = np.isin(types, RELATIONAL)

    colours = np.argmax(test.questions[..., :6], axis=-1)
    wrong = np.argwhere(relational & ~right)
    failures = [(test.images[i], f"{COLOURS[colours[i, j]]}: {SHORT[QUESTION_TYPES[types[i, j]]]} said "
                 f"{ANSWERS[said[i, j]]} (true {ANSWERS[test.answers[i, j]]})") for i, j in wrong[:16]]
    names = [SHORT[name] for name in QUESTION_TYPES]
    per_type = [f"{name}_accuracy" for name in QUESTION_TYPES]
    curve = {"your model": (names, [metrics[k] for k in per_type]),
             "blind guess (bronze's baseline)": (names, [baseline[k] for k in per_type]),
             "whole-image guess (ignores which object is named)": (names, [whole_image[k] for k in per_type])}
    return Evaluation(
        metrics, baseline, "the blind guess (the most common answer of each question type)", N_TEST * QUESTIONS,
        failures=failures,
        failure_caption="Relational questions your model got wrong: the named object, the question, your answer "
                        "(the truth)",
        curves={"Accuracy per question type (the first three non-relational, the last three relational)": curve},
        margins={"relational_accuracy": paired_margin(right[relational], blind[relational])},
        notes=[f"Hidden data: {N_TEST:,} fresh images with {QUESTIONS} questions each ({N_TEST * QUESTIONS // 2:,} "
               "relational), drawn from a fresh seed in the grader.",
               f"Relational accuracy: yours {metrics['relational_accuracy']:.1%}, the blind guess "
               f"{baseline['relational_accuracy']:.1%}, the whole-image guess {whole_image['relational_accuracy']:.1%}"
               ". The whole-image guess sees every object's shape and place but not which one is named: a model "
               "below it has not shown that it relates the named object to the others."])
