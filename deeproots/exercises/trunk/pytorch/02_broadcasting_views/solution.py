"""Reference solution: broadcasting, views and storage in PyTorch."""
import torch


def pairwise_distances(X: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    diff = X[:, None, :] - Y[None, :, :]
    return (diff ** 2).sum(dim=-1).sqrt()


def batched_outer(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return a[:, :, None] * b[:, None, :]


def flatten_features(x: torch.Tensor) -> torch.Tensor:
    return x.reshape(x.shape[0], -1)


def to_tokens(x: torch.Tensor) -> torch.Tensor:
    N, C, H, W = x.shape
    return x.permute(0, 2, 3, 1).reshape(N, H * W, C)


def shares_storage(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


def storage_report(x: torch.Tensor) -> dict[str, bool]:
    n = x.shape[1]
    tensors = {
        "transpose": x.T,
        "row_slice": x[1:],
        "column": x[:, 1],
        "reshape": x.reshape(-1),
        "transpose_reshape": x.T.reshape(-1),
        "transpose_contiguous": x.T.contiguous(),
        "expand": x[:1].expand(3, n),
        "repeat": x[:1].repeat(3, 1),
        "index_list": x[[0, 1]],
        "clone": x.clone(),
    }
    return {name: shares_storage(x, t) for name, t in tensors.items()}


def expand_vs_repeat(v: torch.Tensor, n: int) -> dict:
    base = v.clone()
    expanded = base.expand(n, base.shape[0])
    repeated = base.repeat(n, 1)
    base.add_(1.0)
    return {"expanded": expanded, "repeated": repeated,
            "expanded_stride": tuple(expanded.stride()),
            "repeated_stride": tuple(repeated.stride())}


def set_diagonal(A: torch.Tensor, values: torch.Tensor) -> torch.Tensor:
    A = A.clone()
    d = A.diagonal()
    d.copy_(values)
    return A
