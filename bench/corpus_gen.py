#!/usr/bin/env python3
"""Synthetic Arabic news corpus for benchmarks (not tests): articles built from sentence templates
written for this generator (statements, reported speech, negation, troop numbers, filler), filled with
names from the compiled-in lexicon (extract/lexicons/entities.json: every entity, by type, under its
Arabic name or one of its aliases) and random dates. Deterministic for a given --seed.

  bench/corpus_gen.py --mb 20 --out /tmp/corpus            # 20 MB of *.txt articles
  bench/corpus_gen.py --mb 5 --jsonl > /tmp/articles.jsonl  # the same, as newsgraph extract input
"""
import argparse
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
          "نوفمبر", "ديسمبر"]

# {P} person, {O} organisation, {C} country, {L} place; a digit after a slot letter names a second one.
STATEMENTS = [
    "وقال {P} إن {C} ترفض أي تدخل في شؤونها الداخلية.",
    "وأعلن {O} مسؤوليته عن هجوم استهدف قاعدة عسكرية في {L}.",
    "والتقى {P} نظيره {P2} في {L} لبحث العلاقات الثنائية والتطورات الإقليمية.",
    "وطالب {P} {O} بالانسحاب من {C} قبل نهاية العام الجاري.",
    "وأدانت {C} الهجوم الذي شنه {O} على {L} وأسفر عن سقوط قتلى وجرحى.",
    "وأكد {P} دعم {C} للحكومة في مواجهة الإرهاب.",
    "وهدد {O} باستهداف القوات الأجنبية في {L} إذا استمرت الغارات.",
    "وتجري {C} و{C2} مفاوضات حول مستقبل القوات الأجنبية في {L}.",
    "ونفى {P} أن تكون {C} قد أرسلت قوات إلى {L}.",
    "وأرسلت {C} نحو {N} جندي إلى {L}، بحسب مصادر مطلعة.",
    "واجتمع {P} مع وفد من {O} في {L} يوم {W}.",
    "ومن المتوقع أن يزور {P} {C} الأسبوع المقبل.",
    "وقالت مصادر إن {O} يدعم {O2} بالسلاح والمال منذ سنوات.",
    "وانتقد {P} سياسة {C} تجاه {C2} في تصريحات صحفية.",
    "ولم يلتق {P} بأي مسؤول من {O} خلال زيارته إلى {L}.",
    "وشن {O} غارات جوية على مواقع تابعة لـ{O2} قرب {L}.",
    "وأفادت تقارير بأن {C} ستنسحب من {L} خلال الأشهر المقبلة.",
    "ودعا {P} إلى حوار شامل بين {C} و{C2} لإنهاء الأزمة.",
    "وعارض {O} الاتفاق الذي وقعته {C} مع {C2} الشهر الماضي.",
    "وتحالف {O} مع {O2} لخوض الانتخابات المقبلة في {C}.",
]
FILLER = [
    "وتأتي هذه التطورات في ظل أزمة اقتصادية خانقة تعيشها المنطقة.",
    "وشهدت الأسابيع الماضية توتراً متزايداً على الحدود.",
    "ولم يصدر أي تعليق رسمي حتى الآن.",
    "ويرى مراقبون أن المرحلة المقبلة ستكون حاسمة بالنسبة لمستقبل البلاد.",
    "وارتفعت أسعار النفط بنسبة طفيفة في تعاملات اليوم.",
    "وأشار التقرير إلى أن عدد النازحين تجاوز مئات الآلاف.",
    "وتعقد اللجنة اجتماعها المقبل بعد عطلة العيد.",
]
HEADLINES = [
    "{C} و{C2} تبحثان مستقبل التعاون الأمني",
    "{P} يلتقي {P2} في {L}",
    "هجوم جديد على {L} و{O} يتبنى",
    "{C} تطالب بانسحاب القوات الأجنبية",
    "مفاوضات بين {C} و{C2} حول {L}",
]
WEEKDAYS = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]


def load_names():
    with open(os.path.join(HERE, "..", "extract", "lexicons", "entities.json"), encoding="utf-8") as f:
        entities = json.load(f)["entities"]
    names = {"Person": [], "Organization": [], "Country": [], "Place": []}
    for e in entities:
        forms = [e["name_ar"]] + [a for a in e.get("aliases", []) if " " in a or len(a) > 4]
        names[e["type"]].append(forms)
    return names


def fill(template, names, rng):
    used = {}

    def pick(kind, slot):
        while True:
            forms = rng.choice(names[kind])
            if forms[0] not in used.values() or len(names[kind]) < 3:
                used[slot] = forms[0]
                return forms[0] if rng.random() < 0.6 else rng.choice(forms)

    out = template
    for slot, kind in (("{P2}", "Person"), ("{O2}", "Organization"), ("{C2}", "Country"), ("{P}", "Person"),
                       ("{O}", "Organization"), ("{C}", "Country"), ("{L}", "Place")):
        while slot in out:
            out = out.replace(slot, pick(kind, slot), 1)
    out = out.replace("{N}", str(rng.choice([150, 500, 800, 1200, 2500, 3000, 5000])))
    out = out.replace("{W}", rng.choice(WEEKDAYS))
    return out


def article(names, rng):
    year = rng.choice([2022, 2023, 2024])
    headline = fill(rng.choice(HEADLINES), names, rng)
    place = rng.choice(names["Place"])[0]
    dateline = f"{place} في {rng.randint(1, 28)} {rng.choice(MONTHS)} {year} – "
    paragraphs = []
    for p in range(rng.randint(2, 6)):
        sentences = []
        for _ in range(rng.randint(2, 5)):
            sentences.append(fill(rng.choice(STATEMENTS), names, rng) if rng.random() < 0.75 else rng.choice(FILLER))
        text = " ".join(sentences)
        # drop the leading conjunction of a paragraph's first sentence now and then
        if p == 0:
            text = dateline + text[1:]
        paragraphs.append(text)
    return headline + "\n\n" + "\n".join(paragraphs) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0, help="approximate size in MB (1e6 bytes)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", help="directory for the *.txt articles")
    ap.add_argument("--jsonl", action="store_true", help="write JSON Lines articles to stdout instead")
    args = ap.parse_args()
    if not args.jsonl and not args.out:
        ap.error("give --out DIR or --jsonl")
    rng = random.Random(args.seed)
    names = load_names()
    target = int(args.mb * 1e6)
    total = 0
    n = 0
    if args.out:
        os.makedirs(args.out, exist_ok=True)
    while total < target:
        text = article(names, rng)
        name = f"gen_{args.seed}_{n:07d}.txt"
        if args.jsonl:
            sys.stdout.write(json.dumps({"id": name, "text": text}, ensure_ascii=False) + "\n")
        else:
            with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
                f.write(text)
        total += len(text.encode("utf-8"))
        n += 1
    print(f"{n} articles, {total} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
