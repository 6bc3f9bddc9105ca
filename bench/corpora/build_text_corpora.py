#!/usr/bin/python3
"""Builds the text-classification benchmark corpora from packaged real text (no download beyond the registries).

Sources (provenance and licences in bench/corpora/README.md):
  --poetry   the dist/ folder of the npm package chinese-poetry 2.0.1 (MIT)
  --wordnet  Debian's WordNet 3.0 database folder, /usr/share/wordnet (package wordnet-base, WordNet licence)

Writes CSV files (text,label) into --out:
  zh-genre.csv    Chinese, 3 genres by source: Song ci, Yuan qu, Shijing; ~30:1 imbalance
  en-lexname.csv  English WordNet glosses labelled by lexicographer file (noun.animal, verb.motion, ...); >= 20 classes
  zh-poets.csv    Chinese authorship: Song ci by 8 poets, under 500 texts
Every file is deterministic for a seed.
"""
import argparse, collections, csv, glob, json, os, random


def poems(paths):
    for path in sorted(paths):
        with open(path, encoding="utf-8") as f:
            for poem in json.load(f):
                text = "".join(poem.get("paragraphs") or poem.get("content") or [])
                if text.strip():
                    yield poem.get("author", ""), text.strip()


def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        w.writerows(rows)
    counts = collections.Counter(label for _, label in rows)
    print(f"{os.path.basename(path)}: {len(rows)} texts, {len(counts)} classes, largest/smallest {max(counts.values()) / min(counts.values()):.1f}")


def genre(poetry, rng):
    ci = [t for _, t in poems(glob.glob(f"{poetry}/songci/ci.song.*.json"))]
    qu = [t for _, t in poems(glob.glob(f"{poetry}/yuanqu/yuanqu.json"))]
    shi = [t for _, t in poems(glob.glob(f"{poetry}/shijing/shijing.json"))]
    rng.shuffle(ci)
    rng.shuffle(qu)
    rows = [(t, "宋词") for t in ci[:9000]] + [(t, "元曲") for t in qu[:700]] + [(t, "诗经") for t in shi]
    rng.shuffle(rows)
    return rows


def poets(poetry, rng, per_poet=55, count=8):
    by_author = collections.defaultdict(list)
    for author, text in poems(glob.glob(f"{poetry}/songci/ci.song.*.json")):
        by_author[author].append(text)
    chosen = sorted((a for a in by_author if a not in ("", "无名氏") and len(by_author[a]) >= 200), key=lambda a: (-len(by_author[a]), a))[:count]
    rows = []
    for author in chosen:
        texts = sorted(by_author[author])
        rng.shuffle(texts)
        rows += [(t, author) for t in texts[:per_poet]]
    rng.shuffle(rows)
    return rows


LEXNAMES = """adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body noun.cognition
noun.communication noun.event noun.feeling noun.food noun.group noun.location noun.motive noun.object noun.person
noun.phenomenon noun.plant noun.possession noun.process noun.quantity noun.relation noun.shape noun.state noun.substance
noun.time verb.body verb.change verb.cognition verb.communication verb.competition verb.consumption verb.contact
verb.creation verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative verb.weather adj.ppl"""


def lexnames(wordnet, rng, limit=20000):
    # WordNet 3.0's lexicographer files by number (its lexnames file, which Debian's wordnet-base does not install).
    names = dict(enumerate(LEXNAMES.split()))
    rows = []
    for pos in ("noun", "verb", "adj", "adv"):
        with open(f"{wordnet}/data.{pos}", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("  ") or "|" not in line:
                    continue
                fields, gloss = line.split("|", 1)
                lex = names[int(fields.split()[1])]
                # The gloss without its quoted examples, which often name the word itself.
                definition = gloss.split('; "')[0].strip()
                if definition:
                    rows.append((definition, lex))
    rng.shuffle(rows)
    counts = collections.Counter(label for _, label in rows)
    keep = {label for label, n in counts.items() if n >= 200}
    return [r for r in rows if r[1] in keep][:limit]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--poetry", required=True)
    parser.add_argument("--wordnet", default="/usr/share/wordnet")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    write(f"{args.out}/zh-genre.csv", genre(args.poetry, random.Random(args.seed)))
    write(f"{args.out}/en-lexname.csv", lexnames(args.wordnet, random.Random(args.seed)))
    write(f"{args.out}/zh-poets.csv", poets(args.poetry, random.Random(args.seed)))


if __name__ == "__main__":
    main()
