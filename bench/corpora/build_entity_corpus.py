#!/usr/bin/python3
"""Builds an English entity corpus (CoNLL: token, space, BIO tag) from Debian's WordNet 3.0 (wordnet-base).

No tagged entity corpus is served by the registries reachable here (Debian, NuGet, npm), so this is the largest real
one we can build: every WordNet gloss (definitions and example sentences, ~117k synsets) is a sentence, and names are
tagged by a gazetteer from WordNet itself: capitalised lemmas of instance synsets in noun.person become PER and those
in noun.location become LOC ("a city in northern France" -> France/B-LOC), longest match first. The tags are silver
(dictionary matches, not annotators' judgements), which is what the benchmark needs: a corpus of real sentences at the
size of CoNLL-2003 to measure the tagger's speed and memory on.

usage: /usr/bin/python3 build_entity_corpus.py --out entities.conll [--wordnet /usr/share/wordnet] [--sentences 100000]
"""
import argparse, random, re

PERSON, LOCATION = 18, 15  # lexicographer file numbers of noun.person and noun.location
TOKEN = re.compile(r"[A-Za-z]+(?:['.-][A-Za-z]+)*|\d+(?:[.,]\d+)*|[^\sA-Za-z\d]")


def synsets(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("  ") or "|" not in line:
                continue
            fields, gloss = line.split("|", 1)
            parts = fields.split()
            lexfile, count = int(parts[1]), int(parts[3], 16)
            lemmas = [parts[4 + 2 * i] for i in range(count)]
            pointers = parts[4 + 2 * count:]
            yield lexfile, lemmas, "@i" in pointers, gloss.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wordnet", default="/usr/share/wordnet")
    parser.add_argument("--out", required=True)
    parser.add_argument("--sentences", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    names, glosses = {}, []
    for pos in ("noun", "verb", "adj", "adv"):
        for lexfile, lemmas, instance, gloss in synsets(f"{args.wordnet}/data.{pos}"):
            if pos == "noun" and instance and lexfile in (PERSON, LOCATION):
                for lemma in lemmas:
                    words = tuple(re.sub(r"\(.*\)$", "", lemma).split("_"))
                    if all(w[:1].isupper() for w in words if w.isalpha()):
                        # A name that is both (London, the city and Jack London) is read as the place.
                        if names.get(words) != "LOC":
                            names[words] = "PER" if lexfile == PERSON else "LOC"
            for piece in re.split(r';\s*(?=")|"\s*;?\s*', gloss):
                piece = piece.strip(' ;"')
                if len(piece.split()) >= 3:
                    glosses.append(piece)
    longest = max(len(n) for n in names)
    random.Random(args.seed).shuffle(glosses)
    written = tagged = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for gloss in glosses:
            tokens = TOKEN.findall(gloss)
            tags = ["O"] * len(tokens)
            i = 0
            while i < len(tokens):
                for n in range(min(longest, len(tokens) - i), 0, -1):
                    kind = names.get(tuple(tokens[i:i + n]))
                    if kind:
                        tags[i:i + n] = [f"B-{kind}"] + [f"I-{kind}"] * (n - 1)
                        i += n
                        break
                else:
                    i += 1
            tagged += any(t != "O" for t in tags)
            out.write("".join(f"{t} {g}\n" for t, g in zip(tokens, tags)) + "\n")
            written += 1
            if written >= args.sentences:
                break
    print(f"{args.out}: {written} sentences, {tagged} with an entity, {len(names)} gazetteer names")


if __name__ == "__main__":
    main()
