"""LPRNet (Zherzdev & Gruzdev 2018): Small Basic Block backbone, global context embedding, optional LocNet STN.

Table 2 of the paper writes kernel sizes as width x height, like its 94x24 input; read that way the 4x1 conv is
4 wide and the final 1x13 conv is 13 tall, and a 94x24 input yields exactly the paper's 18 timesteps:
  conv3x3 -> 92x22, maxpool3x3/1 -> 90x20, SBB, maxpool3x3/(2,1) -> 44x18, SBB, SBB, maxpool3x3/(2,1) -> 21x16,
  conv 4x1 -> 18x16, conv 1x13 -> 18x4, then mean over the 4 rows.
"MaxPooling #64" after 128- and 256-channel blocks is read as a max over channel groups (maxout) down to 64.

Variants: "basic" is the paper's backbone; "reduced" halves every channel width (about 4x fewer FLOPs), for
slow CPUs. Both end in the same global context head.
"""
import torch
import torch.nn.functional as F
from torch import nn

INPUT_SIZE = (94, 24)  # width, height

VARIANT_WIDTHS = {
    # stem, block 1, blocks 2-3, pooled channels, 4x1 conv
    "basic": (64, 128, 256, 64, 256),
    "reduced": (32, 64, 128, 32, 128),
}


def conv_bn_relu(c_in: int, c_out: int, kernel, padding=0) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(c_in, c_out, kernel, padding=padding, bias=False), nn.BatchNorm2d(c_out),
                         nn.ReLU(inplace=True))


class SmallBasicBlock(nn.Module):
    """Paper Table 3: 1x1 squeeze to C/4, 3x1 and 1x3 convs, 1x1 expand to C."""

    def __init__(self, c_in: int, c_out: int):
        super().__init__()
        mid = c_out // 4
        self.body = nn.Sequential(
            conv_bn_relu(c_in, mid, 1),
            conv_bn_relu(mid, mid, (3, 1), padding=(1, 0)),
            conv_bn_relu(mid, mid, (1, 3), padding=(0, 1)),
            conv_bn_relu(mid, c_out, 1),
        )

    def forward(self, x):
        return self.body(x)


class ChannelSpatialMaxPool(nn.Module):
    """3x3 spatial max pooling (stride: rows 1, columns 2), then a max over groups of channels down to c_out."""

    def __init__(self, c_in: int, c_out: int, stride=(1, 2)):
        super().__init__()
        self.group = c_in // c_out
        self.c_out = c_out
        self.stride = stride

    def forward(self, x):
        x = F.max_pool2d(x, 3, self.stride)
        h, w = x.shape[2], x.shape[3]
        return x.reshape(-1, self.c_out, self.group, h, w).amax(dim=2)


class LocNet(nn.Module):
    """Paper Table 1: predicts an affine transform that rectifies the plate (spatial transformer)."""

    def __init__(self):
        super().__init__()
        self.pool = nn.AvgPool2d(3, stride=2)                 # 94x24 -> 46x11
        self.branch_a = nn.Conv2d(3, 32, 5, stride=3)         # -> 14x3
        self.branch_b = nn.Conv2d(3, 32, 5, stride=5)         # -> 9x2
        self.dropout = nn.Dropout(0.5)
        features = 32 * (14 * 3 + 9 * 2)
        self.fc = nn.Sequential(nn.Linear(features, 32), nn.Tanh())
        self.theta = nn.Linear(32, 6)
        nn.init.zeros_(self.theta.weight)                     # start as the identity transform
        with torch.no_grad():
            self.theta.bias.copy_(torch.tensor([1.0, 0, 0, 0, 1.0, 0]))

    def forward(self, x):
        pooled = self.pool(x)
        features = torch.cat([self.branch_a(pooled).flatten(1), self.branch_b(pooled).flatten(1)], 1)
        return self.theta(self.fc(self.dropout(features))).reshape(-1, 2, 3)


def base_grid(h: int, w: int) -> torch.Tensor:
    """Normalized pixel-centre coordinates [H*W, 3] as (x, y, 1), the identity sampling grid."""
    ys = torch.linspace(-1 + 1 / h, 1 - 1 / h, h)
    xs = torch.linspace(-1 + 1 / w, 1 - 1 / w, w)
    grid_y, grid_x = torch.meshgrid(ys, xs, indexing="ij")
    return torch.stack([grid_x.flatten(), grid_y.flatten(), torch.ones(h * w)], 1)


def affine_sample(x: torch.Tensor, theta: torch.Tensor, grid: torch.Tensor) -> torch.Tensor:
    """Warp x by theta; the sampling grid is a matmul with a constant (plain ONNX ops, then GridSample)."""
    sampling = torch.matmul(grid, theta.transpose(1, 2)).reshape(-1, x.shape[2], x.shape[3], 2)
    return F.grid_sample(x, sampling, mode="bilinear", padding_mode="border", align_corners=False)


class LPRNet(nn.Module):
    def __init__(self, num_classes: int, variant: str = "basic", stn: bool = True, dropout: float = 0.5):
        super().__init__()
        self.batchnorm_frozen = False
        stem, block1, block2, pooled, wide = VARIANT_WIDTHS[variant]
        self.variant = variant
        self.locnet = LocNet() if stn else None
        self.stn_enabled = stn  # the STN exists from the start but is only used once switched on
        self.register_buffer("grid", base_grid(INPUT_SIZE[1], INPUT_SIZE[0]), persistent=False)
        self.stem = conv_bn_relu(3, stem, 3)
        self.stage1 = nn.Sequential(nn.MaxPool2d(3, 1), SmallBasicBlock(stem, block1))
        self.stage2 = nn.Sequential(ChannelSpatialMaxPool(block1, pooled), SmallBasicBlock(pooled, block2),
                                    SmallBasicBlock(block2, block2))
        self.head = nn.Sequential(
            ChannelSpatialMaxPool(block2, pooled),
            nn.Dropout(dropout),
            conv_bn_relu(pooled, wide, (1, 4)),
            nn.Dropout(dropout),
            conv_bn_relu(wide, num_classes, (13, 1)),
        )
        # Global context: every stage's map is average-pooled to the head's output size, normalized, concatenated.
        self.context = nn.Conv2d(stem + block1 + block2 + num_classes, num_classes, 1)
        self._pool_shapes = self._context_pooling()

    def freeze_batchnorm(self) -> None:
        """Keep every BatchNorm on its inference statistics, in training too (a model warm-started from an export)."""
        self.batchnorm_frozen = True
        self.train(self.training)

    def train(self, mode: bool = True):
        super().train(mode)
        if self.batchnorm_frozen:
            for module in self.modules():
                if isinstance(module, nn.BatchNorm2d):
                    module.eval()
        return self

    def _context_pooling(self) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """Kernel and stride per stage map that average-pool it to exactly the final map size (fixed input size)."""
        with torch.no_grad():
            training = self.training
            self.eval()
            maps = self._stages(torch.zeros(1, 3, INPUT_SIZE[1], INPUT_SIZE[0]))
            self.train(training)
        out_h, out_w = maps[-1].shape[2:]
        shapes = []
        for m in maps:
            h, w = m.shape[2:]
            stride = (h // out_h, w // out_w)
            shapes.append(((h - (out_h - 1) * stride[0], w - (out_w - 1) * stride[1]), stride))
        return shapes

    def _stages(self, x):
        s0 = self.stem(x)
        s1 = self.stage1(s0)
        s2 = self.stage2(s1)
        return [s0, s1, s2, self.head(s2)]

    def forward(self, x):
        """x: normalized [N, 3, 24, 94] -> raw scores [N, classes, 18]."""
        if self.locnet is not None and self.stn_enabled:
            x = affine_sample(x, self.locnet(x), self.grid)
        embedded = []
        for stage_map, (kernel, stride) in zip(self._stages(x), self._pool_shapes):
            pooled = F.avg_pool2d(stage_map, kernel, stride)
            # Per-sample RMS normalization keeps stages with large activations from dominating the concatenation.
            rms = pooled.pow(2).mean(dim=(1, 2, 3), keepdim=True).add(1e-6).sqrt()
            embedded.append(pooled / rms)
        return self.context(torch.cat(embedded, 1)).mean(dim=2)


def count_parameters(model: LPRNet) -> int:
    """Parameters the forward pass uses: a switched-off STN's are left out (it is not in the exported graph)."""
    idle = model.locnet if model.locnet is not None and not model.stn_enabled else None
    skipped = {id(p) for p in idle.parameters()} if idle is not None else set()
    return sum(p.numel() for p in model.parameters() if id(p) not in skipped)


def count_gflops(model: nn.Module) -> float:
    """Multiply-adds of convolutions and linear layers for one image, in GFLOPs (1 MAC = 2 FLOPs)."""
    total = 0

    def conv_hook(module, _inputs, output):
        nonlocal total
        kernel = module.weight[0].numel()
        total += 2 * kernel * output[0].numel()

    def linear_hook(module, _inputs, output):
        nonlocal total
        total += 2 * module.weight.numel()

    hooks = [m.register_forward_hook(conv_hook) for m in model.modules() if isinstance(m, nn.Conv2d)]
    hooks += [m.register_forward_hook(linear_hook) for m in model.modules() if isinstance(m, nn.Linear)]
    training = model.training
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, INPUT_SIZE[1], INPUT_SIZE[0]))
    model.train(training)
    for h in hooks:
        h.remove()
    return total / 1e9
