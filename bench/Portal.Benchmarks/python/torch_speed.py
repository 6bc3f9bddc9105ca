"""The same MLP and loop as Concordia's trainer, in PyTorch: prints seconds per epoch (median of epochs 2..n) as JSON."""
import json
import statistics
import sys
import time

import numpy as np
import torch

csv, split_file, threads, epochs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
torch.manual_seed(42)
data = np.loadtxt(csv, delimiter=",", skiprows=1, dtype=np.float64)
split = json.load(open(split_file))
train, valid = np.array(split["train"]), np.array(split["validation"])
x, y = data[:, :-1], data[:, -1]
mean, std = x[train].mean(0), x[train].std(0)
y_mean, y_std = y[train].mean(), y[train].std()
xt = torch.tensor((x - mean) / std, dtype=torch.float32)
yt = torch.tensor((y - y_mean) / y_std, dtype=torch.float32)
x_train, y_train, x_valid, y_valid = xt[train], yt[train], xt[valid], yt[valid]

model = torch.nn.Sequential(torch.nn.Linear(x.shape[1], 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 1))
optimizer = torch.optim.AdamW(model.parameters(), lr=0.003, weight_decay=0.0001)
batch = 256
times = []
for epoch in range(epochs):
    start = time.perf_counter()
    model.train()
    order = torch.randperm(len(train))
    for i in range(0, len(train), batch):
        index = order[i:i + batch]
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x_train.index_select(0, index)).squeeze(1), y_train.index_select(0, index))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
        loss.item()
    model.eval()
    with torch.no_grad():
        torch.nn.functional.mse_loss(model(x_valid).squeeze(1), y_valid).item()
    times.append(time.perf_counter() - start)

with torch.no_grad():
    predicted = model(x_valid).squeeze(1)
    r2 = 1 - ((predicted - y_valid) ** 2).sum().item() / ((y_valid - y_valid.mean()) ** 2).sum().item()
major, minor = torch.__version__.split(".")[:2]
print(json.dumps({"epoch_seconds": statistics.median(times[1:]), "r2": r2, "version_major": int(major), "version_minor": int(minor)}))
