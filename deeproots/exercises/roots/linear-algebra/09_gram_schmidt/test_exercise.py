"""Checks for classical and modified Gram-Schmidt (references: numpy.linalg.qr with the
signs fixed so that diag(R) > 0 (the QR factorisation of a full-rank matrix is then
unique), Lauchli's matrix by hand, and for the loss of orthogonality ||Q^T Q - I||_2 the
theory (MGS ~ eps kappa, Bjorck 1967; CGS ~ eps kappa^2, Giraud, Langou & Rozloznik 2005)
together with reference CGS and MGS written below)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close

EPS = np.finfo(float).eps
NAMES = ("classical_gram_schmidt", "modified_gram_schmidt")


def _reference_cgs(A):
    """Classical Gram-Schmidt, components against the original column (vectorised)."""
    m, n = A.shape
    Q, R = np.zeros((m, n)), np.zeros((n, n))
    for j in range(n):
        R[:j, j] = Q[:, :j].T @ A[:, j]
        v = A[:, j] - Q[:, :j] @ R[:j, j]
        R[j, j] = np.sqrt(v @ v)
        Q[:, j] = v / R[j, j]
    return Q, R


def _reference_mgs(A):
    """Modified Gram-Schmidt, row-oriented: q_k is removed from all later columns at once."""
    V = np.array(A, dtype=float)
    m, n = V.shape
    Q, R = np.zeros((m, n)), np.zeros((n, n))
    for k in range(n):
        R[k, k] = np.sqrt(V[:, k] @ V[:, k])
        Q[:, k] = V[:, k] / R[k, k]
        R[k, k + 1:] = Q[:, k] @ V[:, k + 1:]
        V[:, k + 1:] -= np.outer(Q[:, k], R[k, k + 1:])
    return Q, R


def _loss(Q):
    Q = np.asarray(Q, dtype=float)
    return float(np.linalg.norm(Q.T @ Q - np.eye(Q.shape[1]), 2))


def _with_condition_number(rng, m, n, kappa):
    """U diag(s) V^T with singular values from 1 down to 1/kappa (log-spaced)."""
    U, _ = np.linalg.qr(rng.normal(size=(m, n)))
    V, _ = np.linalg.qr(rng.normal(size=(n, n)))
    return U @ np.diag(np.logspace(0.0, -np.log10(kappa), n)) @ V.T


def test_hand_example(ex, rng):
    A = np.array([[3.0, 1.0], [4.0, 1.0]])
    for name in NAMES:
        Q, R = getattr(ex, name)(A)
        how = "by hand: r00 = 5, q0 = (0.6, 0.8), r01 = 1.4, v = (0.16, -0.12), r11 = 0.2"
        expect_close(Q, np.array([[0.6, 0.8], [0.8, -0.6]]), what=f"Q from {name}(A)", how=how,
                     rtol=1e-12, atol=1e-12, inputs={"A": A})
        expect_close(R, np.array([[5.0, 1.4], [0.0, 0.2]]), what=f"R from {name}(A)", how=how,
                     rtol=1e-12, atol=1e-12, inputs={"A": A})


def test_qr_matches_numpy(ex, rng):
    for m, n in ((1, 1), (3, 1), (4, 4), (10, 3), (30, 8)):
        A = rng.normal(size=(m, n))
        Q_ref, R_ref = np.linalg.qr(A)
        signs = np.sign(np.diag(R_ref))
        Q_ref, R_ref = Q_ref * signs, signs[:, None] * R_ref  # the unique QR with diag(R) > 0
        inputs = {"A": A}
        for name in NAMES:
            Q, R = getattr(ex, name)(A)
            how = "np.linalg.qr(A) with signs flipped so that diag(R) > 0"
            expect_close(Q, Q_ref, what=f"Q from {name}(A), A of shape {(m, n)}", how=how,
                         rtol=1e-8, atol=1e-10, inputs=inputs)
            expect_close(R, R_ref, what=f"R from {name}(A), A of shape {(m, n)}", how=how,
                         rtol=1e-8, atol=1e-10, inputs=inputs)
            expect_close(np.asarray(Q) @ np.asarray(R), A, what=f"Q @ R from {name}(A)", how="A",
                         rtol=1e-10, atol=1e-12, inputs=inputs)


def test_lauchli_matrix_by_hand(ex, rng):
    e = 1e-10  # 1 + e^2 rounds to 1
    A = np.array([[1.0, 1.0, 1.0], [e, 0.0, 0.0], [0.0, e, 0.0], [0.0, 0.0, e]])
    Q, _ = ex.classical_gram_schmidt(A)
    Q = np.asarray(Q, dtype=float)
    expect_close(Q[:, 1] @ Q[:, 2], 0.5, what="q_1 . q_2 from classical_gram_schmidt(Lauchli, e = 1e-10)",
                 how="by hand: q_1 = (0, -1, 1, 0)/sqrt 2 and q_2 = (0, -1, 0, 1)/sqrt 2 (see the docstring)",
                 rtol=0, atol=1e-6, inputs={"A": A})
    Q, _ = ex.modified_gram_schmidt(A)
    loss = _loss(Q)
    expect(loss <= 1e-8, f"modified_gram_schmidt(Lauchli, e = 1e-10): ||Q^T Q - I|| = {loss:.3g}, "
           "expected about 1e-10: by hand q_2 = (0, -1, -1, 2)/sqrt 6 is orthogonal to q_1. Take each "
           "component from the updated vector v, not from the original column",
           loss=loss, A=A)


def test_loss_of_orthogonality_mgs_eps_kappa_cgs_eps_kappa_squared(ex, rng):
    for kappa in (1e5, 1e6):
        A = _with_condition_number(rng, 40, 12, kappa)
        kappa = float(np.linalg.cond(A))
        ref_cgs, ref_mgs = _loss(_reference_cgs(A)[0]), _loss(_reference_mgs(A)[0])
        cgs, mgs = _loss(ex.classical_gram_schmidt(A)[0]), _loss(ex.modified_gram_schmidt(A)[0])
        numbers = dict(kappa=kappa, eps_kappa=EPS * kappa, eps_kappa_squared=EPS * kappa**2,
                       your_cgs_loss=cgs, reference_cgs_loss=ref_cgs, your_mgs_loss=mgs,
                       reference_mgs_loss=ref_mgs, A=A)
        expect(mgs <= 10 * EPS * kappa,
               f"modified_gram_schmidt on a 40 x 12 matrix with kappa = {kappa:.2g}: ||Q^T Q - I|| = {mgs:.3g}, "
               f"more than 10 eps kappa = {10 * EPS * kappa:.3g} (reference MGS: {ref_mgs:.3g}). MGS must take "
               "each r_ij = q_i . v from the vector v updated so far", **numbers)
        expect(cgs <= 10 * EPS * kappa**2,
               f"classical_gram_schmidt (kappa = {kappa:.2g}): ||Q^T Q - I|| = {cgs:.3g}, more than "
               f"10 eps kappa^2 = {10 * EPS * kappa**2:.3g}, worse than classical Gram-Schmidt should be "
               f"(reference CGS: {ref_cgs:.3g})", **numbers)
        expect(cgs >= ref_cgs / 30,
               f"classical_gram_schmidt (kappa = {kappa:.2g}): ||Q^T Q - I|| = {cgs:.3g}, far below the "
               f"reference CGS's {ref_cgs:.3g} (~ eps kappa^2 = {EPS * kappa**2:.3g}): is it really classical? "
               "Take every r_ij = q_i . a_j from the original column a_j (using the updated v is MGS)",
               **numbers)
        expect(cgs >= 1000 * mgs,
               f"kappa = {kappa:.2g}: the loss of orthogonality of classical Gram-Schmidt ({cgs:.3g}) "
               f"should be far larger than that of modified ({mgs:.3g}), about kappa times larger", **numbers)
