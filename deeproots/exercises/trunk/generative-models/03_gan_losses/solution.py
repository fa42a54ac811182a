"""GAN losses from the discriminator's logits: the minimax, non-saturating and hinge
losses, numerically stable.

Source: Goodfellow et al., "Generative Adversarial Nets" (NeurIPS 2014), eq. 1 and §3 (the
generator's saturating loss and the non-saturating fix); Lim & Ye, "Geometric GAN" (2017)
and Miyato et al., "Spectral Normalization for GANs" (ICLR 2018), eq. 16-17 (the hinge
loss); Goodfellow, Bengio & Courville, Deep Learning §20.10.4.
https://arxiv.org/abs/1406.2661

The discriminator outputs a logit a per example; D = sigmoid(a) is its probability that
the example is real. With real_logits (from real data) and fake_logits (from G(z)), any
shape (a batch (N,) or (N, 1)); every loss is a mean over its batch, and the two batches
may differ in size, so average each one separately and add the means.

Logs of sigmoids, stably. log D = log sigmoid(a) = -softplus(-a) and
log(1 - D) = log sigmoid(-a) = -softplus(a), with softplus(a) = log(1 + exp(a)). Computed
as written, exp(a) overflows (a = 1000 gives inf) and log(sigmoid(a)) is log(0) = -inf for
a = -1000; the stable form is

    softplus(a) = max(a, 0) + log1p(exp(-|a|))

softplus(x) returns it elementwise (a tensor like x, differentiable by autograd).

The losses (each returns a scalar tensor; D minimises the first, G the others):

    d_loss_bce(real, fake)     = -mean log D(x) - mean log(1 - D(G(z)))
                               = mean softplus(-real) + mean softplus(fake)
    g_loss_saturating(fake)    = mean log(1 - D(G(z)))  = -mean softplus(fake)
    g_loss_nonsaturating(fake) = -mean log D(G(z))      =  mean softplus(-fake)
    d_loss_hinge(real, fake)   = mean relu(1 - real) + mean relu(1 + fake)
    g_loss_hinge(fake)         = -mean fake

Why non-saturating: early in training D rejects fakes confidently (fake logits very
negative, D(G(z)) near 0). There d/da log(1 - sigmoid(a)) = -sigmoid(a) is about 0: the
minimax generator gets no gradient. -log D has derivative -(1 - sigmoid(a)), about -1
there: the same fixed point, a strong gradient (Goodfellow et al. §3).

Write them with torch operations (torch.clamp, torch.abs, torch.exp, torch.log1p, torch.relu).
Do not use: torch.nn.functional.softplus, torch.nn.functional.logsigmoid,
torch.nn.functional.binary_cross_entropy_with_logits, torch.nn.functional.binary_cross_entropy,
torch.nn.BCEWithLogitsLoss, torch.nn.BCELoss, torch.logaddexp.

Tiny example: real = fake = [0] (D = 1/2 everywhere): d_loss_bce = 2 log 2 = 1.3863,
g_loss_nonsaturating = log 2, g_loss_saturating = -log 2, d_loss_hinge = 1 + 1 = 2.
real = [2], fake = [-3]: d_loss_hinge = 0 (both beyond the margin); g_loss_hinge([1, 3]) = -2.
softplus([1000, -1000]) = [1000, 0].
"""
import torch


def softplus(x: torch.Tensor) -> torch.Tensor:
    """Return log(1 + exp(x)) elementwise, finite for any x."""
    # TODO: max(x, 0) + log1p(exp(-|x|)) with torch.clamp, torch.log1p, torch.exp, torch.abs.
    ### BEGIN SOLUTION
    return torch.clamp(x, min=0) + torch.log1p(torch.exp(-torch.abs(x)))
    ### END SOLUTION


def d_loss_bce(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """Return the discriminator's loss -mean log D(x) - mean log(1 - D(G(z)))."""
    # TODO: mean softplus(-real) + mean softplus(fake).
    ### BEGIN SOLUTION
    return softplus(-real_logits).mean() + softplus(fake_logits).mean()
    ### END SOLUTION


def g_loss_saturating(fake_logits: torch.Tensor) -> torch.Tensor:
    """Return the minimax generator loss mean log(1 - D(G(z)))."""
    # TODO: log(1 - sigmoid(a)) = -softplus(a).
    ### BEGIN SOLUTION
    return -softplus(fake_logits).mean()
    ### END SOLUTION


def g_loss_nonsaturating(fake_logits: torch.Tensor) -> torch.Tensor:
    """Return the non-saturating generator loss -mean log D(G(z))."""
    # TODO: -log sigmoid(a) = softplus(-a).
    ### BEGIN SOLUTION
    return softplus(-fake_logits).mean()
    ### END SOLUTION


def d_loss_hinge(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """Return the hinge discriminator loss mean relu(1 - real) + mean relu(1 + fake)."""
    # TODO: two hinge terms, each averaged over its own batch.
    ### BEGIN SOLUTION
    return torch.relu(1.0 - real_logits).mean() + torch.relu(1.0 + fake_logits).mean()
    ### END SOLUTION


def g_loss_hinge(fake_logits: torch.Tensor) -> torch.Tensor:
    """Return the hinge generator loss -mean fake."""
    # TODO: minus the mean fake logit.
    ### BEGIN SOLUTION
    return -fake_logits.mean()
    ### END SOLUTION
