"""Checks for k-means++ and Lloyd's algorithm (references: the D^2 formula with
scipy.spatial.distance.cdist, the check's own replay of the k-means++ draws, hand examples,
sklearn.cluster.KMeans on make_blobs and iris)."""
import numpy as np
from scipy.spatial.distance import cdist
from sklearn.cluster import KMeans as SklearnKMeans
from sklearn.datasets import load_iris, make_blobs

from deeproots.grading.checks import expect, expect_close, expect_equal


def _d2(X, centers):
    return cdist(X, np.asarray(centers).reshape(-1, X.shape[1]), "sqeuclidean").min(axis=1)


def _replay_kmeans_plusplus(X, k, uniforms):
    """The documented draws, replayed: floor(u0 n), then inverse-CDF sampling of D^2."""
    n = len(X)
    chosen = [int(np.floor(uniforms[0] * n))]
    for u in uniforms[1:k]:
        d2 = _d2(X, X[chosen])
        if d2.sum() == 0:
            chosen.append(int(np.floor(u * n)))
            continue
        cdf = np.cumsum(d2 / d2.sum())
        chosen.append(int(np.argmax(cdf > u)))  # the first index whose CDF passes u
    return np.array(chosen)


def _sklearn_kmeans(X, **params):
    """scikit-learn's KMeans fitted on X: the reference."""
    return SklearnKMeans(**params).fit(X)


def _clustered(rng, n, d, groups):
    return rng.normal(size=(n, d)) + 4.0 * rng.normal(size=(groups, d))[rng.integers(0, groups, size=n)]


def test_d2_probabilities_match_formula(ex, rng):
    X, centers = np.array([[0.0], [1.0], [3.0]]), np.array([[0.0]])
    expect_close(ex.d2_probabilities(X, centers), np.array([0.0, 0.1, 0.9]),
                 what="d2_probabilities", how="by hand: D^2 = [0, 1, 9] over their sum 10",
                 rtol=1e-12, atol=1e-15, inputs={"X": X, "centers": centers})
    for n, d, k in [(1, 1, 1), (5, 2, 1), (20, 3, 2), (100, 4, 5)]:
        X = rng.normal(size=(n, d))
        centers = rng.normal(size=(k, d))
        d2 = _d2(X, centers)
        expect_close(ex.d2_probabilities(X, centers), d2 / d2.sum(), what="d2_probabilities",
                     how="min over centres of cdist(X, centers, 'sqeuclidean'), over its sum",
                     rtol=1e-10, atol=1e-15, inputs={"X": X, "centers": centers})
    X = np.array([[1.0, 2.0], [1.0, 2.0], [1.0, 2.0], [1.0, 2.0]])
    expect_close(ex.d2_probabilities(X, X[:1]), np.full(4, 0.25),
                 what="d2_probabilities when every point sits on a centre",
                 how="documented: all D^2 are 0, so uniform 1/n", rtol=1e-12, atol=1e-15,
                 inputs={"X": X, "centers": X[:1]})


def test_kmeans_plusplus_hand_example(ex, rng):
    X = np.array([[0.0], [1.0], [3.0]])
    for uniforms, expected, how in [
        ([0.2, 0.5], [0, 2], "by hand: floor(0.2*3) = 0; cumsum D^2 = [0, 1, 10] first > 5 at 2"),
        ([0.2, 0.05], [0, 1], "by hand: floor(0.2*3) = 0; cumsum D^2 = [0, 1, 10] first > 0.5 at 1"),
        ([0.9, 0.0, 0.99], [2, 0, 1], "by hand: floor(0.9*3) = 2; D^2 = [9, 4, 0] -> 0 (u = 0); "
                                      "then D^2 = [0, 1, 0] -> 1"),
    ]:
        uniforms = np.array(uniforms)
        got = ex.kmeans_plusplus(X, len(uniforms), uniforms)
        expect_equal(np.asarray(got).astype(int), np.array(expected), what="kmeans_plusplus indices",
                     how=how, inputs={"X": X, "uniforms": uniforms})


def test_kmeans_plusplus_replays_d2_sampling(ex, rng):
    for n, d, k in [(2, 1, 2), (10, 2, 3), (60, 2, 5), (200, 3, 8), (40, 4, 40)]:
        X = _clustered(rng, n, d, 4)
        uniforms = rng.random(k)
        got = np.asarray(ex.kmeans_plusplus(X, k, uniforms))
        expect_equal(got.astype(int), _replay_kmeans_plusplus(X, k, uniforms),
                     what="kmeans_plusplus indices",
                     how="the check's replay: floor(u0 n), then the first i with "
                         "cumsum(D^2 / sum D^2)[i] > u (D^2 from scipy cdist)",
                     inputs={"X": X, "k": k, "uniforms": uniforms})
        expect(len(set(got.tolist())) == k, "kmeans_plusplus picked a point twice", indices=got)
    # Fewer distinct points than k: once every D^2 is 0 the next pick is floor(u n).
    X = np.array([[0.0, 0.0], [5.0, 5.0], [0.0, 0.0], [5.0, 5.0], [0.0, 0.0]])
    uniforms = np.array([0.1, 0.3, 0.7])
    expect_equal(np.asarray(ex.kmeans_plusplus(X, 3, uniforms)).astype(int), np.array([0, 1, 3]),
                 what="kmeans_plusplus indices with two distinct points and k = 3",
                 how="by hand: floor(0.5) = 0; the 5s carry all of D^2 -> index 1; then every "
                     "D^2 is 0 -> floor(0.7 * 5) = 3", inputs={"X": X, "uniforms": uniforms})


def test_assign_and_update(ex, rng):
    X = np.array([[0.0], [1.0], [3.0]])
    expect_equal(np.asarray(ex.assign_labels(X, np.array([[0.0], [3.0]]))).astype(int),
                 np.array([0, 0, 1]), what="assign_labels", how="by hand: nearest of 0 and 3",
                 inputs={"X": X, "centers": np.array([[0.0], [3.0]])})
    for n, d, k in [(1, 2, 1), (30, 2, 3), (150, 4, 6)]:
        X, centers = rng.normal(size=(n, d)), rng.normal(size=(k, d))
        labels = np.argmin(cdist(X, centers, "sqeuclidean"), axis=1)
        expect_equal(np.asarray(ex.assign_labels(X, centers)).astype(int), labels,
                     what="assign_labels", how="np.argmin of scipy cdist(X, centers, 'sqeuclidean')",
                     inputs={"X": X, "centers": centers})
        expected = np.array([X[labels == j].mean(axis=0) if np.any(labels == j) else centers[j]
                             for j in range(k)])
        expect_close(ex.update_centers(X, labels, centers), expected, what="update_centers",
                     how="X[labels == j].mean(axis=0), the old centre if cluster j is empty",
                     rtol=1e-12, atol=1e-12, inputs={"X": X, "labels": labels, "centers": centers})
    X, labels = np.array([[0.0, 0.0], [2.0, 4.0]]), np.array([0, 0])
    centers = np.array([[9.0, 9.0], [-7.0, 1.5]])
    expect_close(ex.update_centers(X, labels, centers), np.array([[1.0, 2.0], [-7.0, 1.5]]),
                 what="update_centers with an empty cluster 1",
                 how="documented: the mean [1, 2] for cluster 0; empty cluster 1 keeps its centre",
                 rtol=1e-12, atol=1e-12, inputs={"X": X, "labels": labels, "centers": centers})


def test_lloyd_matches_sklearn_from_the_same_start(ex, rng):
    X = np.array([[0.0], [1.0], [3.0]])
    model = ex.KMeans(n_clusters=2, init=np.array([[0.0], [3.0]]))
    expect(model.fit(X) is model, "fit(X) must return self (the same estimator object)")
    expect_close(model.inertia_, 0.5, what="inertia_", how="by hand: centres 0.5 and 3",
                 rtol=1e-12, atol=1e-12, inputs={"X": X, "init": [[0.0], [3.0]]})
    for n, d, k in [(40, 1, 2), (120, 2, 4), (300, 3, 5)]:
        X = _clustered(rng, n, d, k)
        init = X[rng.choice(n, size=k, replace=False)]
        reference = _sklearn_kmeans(X, n_clusters=k, init=init, n_init=1, algorithm="lloyd", tol=0.0,
                                    max_iter=300)
        model = ex.KMeans(n_clusters=k, init=init, max_iter=300).fit(X)
        how = 'sklearn KMeans(init=the same centres, n_init=1, algorithm="lloyd", tol=0)'
        inputs = {"X": X, "init": init}
        expect_equal(np.asarray(model.labels_).astype(int), reference.labels_.astype(int),
                     what="labels_", how=how, inputs=inputs)
        expect_close(model.cluster_centers_, reference.cluster_centers_, what="cluster_centers_",
                     how=how, rtol=1e-9, atol=1e-9, inputs=inputs)
        expect_close(model.inertia_, reference.inertia_, what="inertia_", how=how, rtol=1e-9,
                     atol=1e-9, inputs=inputs)
        expect(abs(int(model.n_iter_) - int(reference.n_iter_)) <= 1,
               "n_iter_ is far from scikit-learn's count of Lloyd iterations from the same start",
               your_n_iter=model.n_iter_, sklearn_n_iter=reference.n_iter_)
        one = ex.KMeans(n_clusters=k, init=init, max_iter=1).fit(X)
        first = np.argmin(cdist(X, init, "sqeuclidean"), axis=1)
        expected = np.array([X[first == j].mean(axis=0) for j in range(k)])
        expect_close(one.cluster_centers_, expected, what="cluster_centers_ after max_iter=1",
                     how="one assignment to init (scipy cdist) and one mean update", rtol=1e-12,
                     atol=1e-12, inputs=inputs)
        expect_equal(int(one.n_iter_), 1, what="n_iter_ with max_iter=1", how="one iteration")


def test_empty_cluster_keeps_its_centre(ex, rng):
    X = _clustered(rng, 80, 2, 2)
    near = X[[0, 1]]
    far = np.array([[1000.0, -1000.0]])  # no point is ever nearer to it
    model = ex.KMeans(n_clusters=3, init=np.vstack([near, far])).fit(X)
    reference = _sklearn_kmeans(X, n_clusters=2, init=near, n_init=1, algorithm="lloyd", tol=0.0)
    centers = np.asarray(model.cluster_centers_)
    inputs = {"X": X, "init": np.vstack([near, far])}
    expect_close(centers[2], far[0], what="cluster_centers_[2] (a cluster that stays empty)",
                 how="documented: an empty cluster keeps its previous centre", rtol=0, atol=0,
                 inputs=inputs)
    expect_close(centers[:2], reference.cluster_centers_, what="cluster_centers_[:2]",
                 how="sklearn KMeans with the two other starting centres only", rtol=1e-9,
                 atol=1e-9, inputs=inputs)


def test_fit_starts_from_kmeans_plusplus_and_converges(ex, rng):
    X = _clustered(rng, 150, 2, 4)
    for seed in (0, 7):
        model = ex.KMeans(n_clusters=4, n_init=1, seed=seed).fit(X)
        start = X[_replay_kmeans_plusplus(X, 4, np.random.default_rng(seed).random(4))]
        reference = _sklearn_kmeans(X, n_clusters=4, init=start, n_init=1, algorithm="lloyd",
                                    tol=0.0)
        expect_close(model.cluster_centers_, reference.cluster_centers_,
                     what=f"cluster_centers_ of KMeans(n_clusters=4, n_init=1, seed={seed})",
                     how="the replayed k-means++ start from default_rng(seed).random(4), then "
                         'sklearn KMeans(init=start, n_init=1, algorithm="lloyd")',
                     rtol=1e-9, atol=1e-9, inputs={"X": X, "seed": seed})
    # n_init runs, one rng: keep the run of lowest inertia.
    X8 = _clustered(rng, 200, 2, 8)
    uniforms = np.random.default_rng(5).random((6, 5))
    runs = [_sklearn_kmeans(X8, n_clusters=5, init=X8[_replay_kmeans_plusplus(X8, 5, u)], n_init=1,
                            algorithm="lloyd", tol=0.0).inertia_ for u in uniforms]
    model = ex.KMeans(n_clusters=5, n_init=6, seed=5).fit(X8)
    expect_close(model.inertia_, min(runs), what="inertia_ of KMeans(n_clusters=5, n_init=6, seed=5)",
                 how="the lowest inertia of sklearn Lloyd runs from the six replayed k-means++ "
                     "starts (uniforms: rows of default_rng(5).random((6, 5)))",
                 rtol=1e-9, atol=1e-9, inputs={"X": X8, "inertias of the six runs": np.array(runs)})
    # A fixed point of Lloyd: each centre is the mean of its points, each point is nearest
    # to its own centre, and inertia_ is the sum of squared distances.
    model = ex.KMeans(n_clusters=5, seed=3).fit(X)
    centers, labels = np.asarray(model.cluster_centers_), np.asarray(model.labels_).astype(int)
    distances = cdist(X, centers, "sqeuclidean")
    expect_equal(labels, np.argmin(distances, axis=1), what="labels_ after fit",
                 how="the nearest centre, by scipy cdist", inputs={"X": X})
    means = np.array([X[labels == j].mean(axis=0) for j in range(5)])
    expect_close(centers, means, what="cluster_centers_ after fit", how="the mean of each cluster",
                 rtol=1e-9, atol=1e-9, inputs={"X": X})
    expect_close(model.inertia_, distances[np.arange(len(X)), labels].sum(), what="inertia_",
                 how="sum of squared distances to the assigned centres", rtol=1e-9, atol=1e-9,
                 inputs={"X": X})
    expect_equal(np.asarray(model.predict(X)).astype(int), labels, what="predict(X) on the training data",
                 how="labels_ (the nearest centre)", inputs={"X": X})


def test_inertia_close_to_sklearn_on_blobs_and_iris(ex, rng):
    blobs, _ = make_blobs(n_samples=300, centers=4, cluster_std=1.5, random_state=1)
    for name, X, k in [("make_blobs(300, centers=4, random_state=1)", blobs, 4),
                       ("iris", load_iris().data, 3)]:
        best = _sklearn_kmeans(X, n_clusters=k, n_init=10, random_state=0).inertia_
        inertia = float(ex.KMeans(n_clusters=k, n_init=10, seed=0).fit(X).inertia_)
        expect(inertia <= 1.02 * best,
               f"inertia_ on {name} with n_clusters={k}, n_init=10 is more than 2% above "
               "sklearn KMeans(n_init=10)", your_inertia=inertia, sklearn_inertia=best)


def test_inverse_cdf_never_repicks_a_centre(ex, rng):
    # By hand from the statement: X = [0, 1, 3], first centre floor(u0 * 3); then c = cumsum(D^2)
    # and the pick is the smallest i with c[i] > u * c[-1] (strictly). With centre 0 chosen,
    # c = [0, 1, 10]: u = 0 gives 0 > 0? no, 1 > 0 -> index 1 (never the chosen point, whose
    # D^2 is 0); u = 0.1 gives 1 > 1? no, 10 > 1 -> index 2.
    X = np.array([[0.0], [1.0], [3.0]])
    for uniforms, expected in [([0.2, 0.0], [0, 1]), ([0.2, 0.1], [0, 2]), ([0.5, 0.0], [1, 0])]:
        expect_equal(np.asarray(ex.kmeans_plusplus(X, 2, np.array(uniforms))), np.array(expected),
                     what=f"kmeans_plusplus([[0], [1], [3]], 2, {uniforms})",
                     how="by hand: the smallest i with cumsum(D^2)[i] > u * total (np.searchsorted(..., "
                     "side='right')): a point already chosen (D = 0) is never picked again")
