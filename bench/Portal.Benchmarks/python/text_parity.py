"""Reference text classifiers on the split the portal used: TF-IDF n-grams + LinearSVC and + LogisticRegression,
balanced class weights, C chosen on the validation split by macro-F1, scored on the test split; and the majority class.
LogisticRegression uses liblinear (one-vs-rest), which fits sparse TF-IDF in seconds where lbfgs took minutes per C.

usage: /usr/bin/python3 text_parity.py train.csv validation.csv test.csv
Character 1-3-grams when the texts are mostly in a script without spaces (Chinese, Japanese, Thai), else word 1-2-grams
plus character 2-5-grams within word boundaries. Prints one JSON object.
"""
import csv, json, sys, time
import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.svm import LinearSVC


def read(path):
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def unspaced(texts):
    sample = "".join(texts[:500])
    cjk = sum(1 for ch in sample if "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\u0e00" <= ch <= "\u0e7f")
    return cjk > 0.3 * max(1, len(sample))


def main():
    (tx, ty), (vx, vy), (sx, sy) = (read(p) for p in sys.argv[1:4])
    start = time.perf_counter()
    if unspaced(tx):
        vectorizers = [TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=False)]
        features = "char 1-3"
    else:
        vectorizers = [TfidfVectorizer(analyzer="word", ngram_range=(1, 2)), TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5))]
        features = "word 1-2 + char_wb 2-5"
    train = hstack([v.fit_transform(tx) for v in vectorizers]).tocsr()
    val = hstack([v.transform(vx) for v in vectorizers]).tocsr()
    test = hstack([v.transform(sx) for v in vectorizers]).tocsr()
    results = {"features": features}
    for name, make in [("LinearSVC", lambda c: LinearSVC(C=c, class_weight="balanced")),
                       ("LogisticRegression", lambda c: LogisticRegression(C=c, class_weight="balanced", solver="liblinear"))]:
        began = time.perf_counter()
        best = None
        for c in [0.3, 1, 3, 10, 30]:
            model = make(c).fit(train, ty)
            score = f1_score(vy, model.predict(val), average="macro")
            if best is None or score > best[0]:
                best = (score, c, model)
        predicted = best[2].predict(test)
        results[name] = {"macro_f1": f1_score(sy, predicted, average="macro"), "accuracy": accuracy_score(sy, predicted),
                         "C": best[1], "seconds": time.perf_counter() - began}
    majority = max(set(ty), key=ty.count)
    results["majority"] = {"macro_f1": f1_score(sy, [majority] * len(sy), average="macro"),
                           "accuracy": accuracy_score(sy, [majority] * len(sy))}
    results["vectorise_seconds"] = time.perf_counter() - start
    print(json.dumps(results))


if __name__ == "__main__":
    main()
