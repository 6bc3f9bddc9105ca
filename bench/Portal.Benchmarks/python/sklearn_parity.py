"""scikit-learn with defaults on the split the portal made; prints {model: score x 100} as JSON.

Linear (Ridge / LogisticRegression) and MLP after StandardScaler, RandomForest and GradientBoosting as they come; missing
values (empty cells) are filled with the training mean first, for every model.
"""
import csv
import json
import sys
import warnings

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings("ignore")
path, split_file, task = sys.argv[1], sys.argv[2], sys.argv[3]
with open(path, newline="") as handle:
    rows = list(csv.reader(handle))[1:]
x = np.array([[float(v) if v != "" else np.nan for v in row[:-1]] for row in rows])
y = np.array([row[-1] for row in rows]) if task == "classification" else np.array([float(row[-1]) for row in rows])
split = json.load(open(split_file))
train, test = np.array(split["train"]), np.array(split["test"])

if task == "classification":
    models = {"LogisticRegression": (LogisticRegression(), True), "MLPClassifier": (MLPClassifier(random_state=0), True),
              "RandomForest": (RandomForestClassifier(random_state=0), False),
              "GradientBoosting": (GradientBoostingClassifier(random_state=0), False)}
else:
    models = {"Ridge": (Ridge(), True), "MLPRegressor": (MLPRegressor(random_state=0), True),
              "RandomForest": (RandomForestRegressor(random_state=0), False),
              "GradientBoosting": (GradientBoostingRegressor(random_state=0), False)}

scores = {}
for name, (model, scaled) in models.items():
    steps = [SimpleImputer()] + ([StandardScaler()] if scaled else []) + [model]
    pipeline = make_pipeline(*steps).fit(x[train], y[train])
    scores[name] = 100 * pipeline.score(x[test], y[test])
print(json.dumps(scores))
