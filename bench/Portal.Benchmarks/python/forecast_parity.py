"""Reference forecasts for one series from Debian's python3-statsmodels, on the split our run used: fit on all but the last H
points, forecast those H. Prints JSON with each reference's forecast; the C# side scores them exactly like ours.

Usage: forecast_parity.py <csv with time,value> <horizon> <season>
"""
import json
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
from statsmodels.tsa.holtwinters import ExponentialSmoothing  # noqa: E402
from statsmodels.tsa.statespace.sarimax import SARIMAX  # noqa: E402

path, horizon, season = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
values = np.loadtxt(path, delimiter=",", skiprows=1, usecols=1, dtype=float)
train = values[:-horizon]
out = {}


def run(name, fit):
    start = time.perf_counter()
    try:
        forecast = np.asarray(fit(), dtype=float)
        out[name] = {"forecast": forecast.tolist(), "seconds": time.perf_counter() - start}
    except Exception as error:  # a reference that cannot fit this series is reported, not fatal
        out[name] = {"error": str(error)[:200]}


seasonal = season > 1 and len(train) >= 2 * season
run("HoltWinters", lambda: ExponentialSmoothing(
    train, trend="add", seasonal="add" if seasonal else None, seasonal_periods=season if seasonal else None,
    initialization_method="estimated").fit().forecast(horizon))
run("HoltWintersDamped", lambda: ExponentialSmoothing(
    train, trend="add", damped_trend=True, seasonal="mul" if seasonal and train.min() > 0 else ("add" if seasonal else None),
    seasonal_periods=season if seasonal else None, initialization_method="estimated").fit().forecast(horizon))
if seasonal:
    run("SARIMA airline", lambda: SARIMAX(
        train, order=(0, 1, 1), seasonal_order=(0, 1, 1, season)).fit(disp=False).forecast(horizon))
else:
    run("ARIMA(1,1,1)", lambda: SARIMAX(train, order=(1, 1, 1), trend="n").fit(disp=False).forecast(horizon))
print(json.dumps(out))
