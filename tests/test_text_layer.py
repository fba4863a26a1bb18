"""The text of a printed sheet reads back as written, in the readers most people use: poppler
(pdftotext; Evince, Okular), pdf.js (Firefox; run under node) and pdfium (Chrome).

Hindi: shaped Devanagari draws a cluster with several glyphs, reorders them and reuses them
across clusters (guide/text_layer.py). English: a word hyphenated at a line's end is joined
again. Both topics are written here, so the words to find are known."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guide.api import build
from guide.content.practice import ARROW
from guide.source.resources import Project

from pdftools import DEVANAGARI_WORD, broken_words, foreign_fonts, pdfium_text, pdfjs, pdftotext

# Conjuncts (क्ष त्र ज्ञ श्र द्ध द्व स्थ न्द्र), reph (र्म र्य), every vowel sign, anusvara,
# chandrabindu, visarga, nukta letters and a word ending in a virama (सन्).
HINDI = """\
title: परीक्षण विषय शब्दों की जाँच
lang: hi
as_of: 2025-11-27
in_the_news: >-
  राष्ट्रीय संग्रहालय में प्राचीन पांडुलिपियाँ प्रदर्शित की गईं, जिन्हें देखने हज़ारों
  विद्यार्थी पहुँचे।
summary:
  - विद्यार्थियों ने क्षेत्रीय इतिहास पर शोधपत्र प्रस्तुत किए।
  - स्वतंत्रता संग्राम के क्रांतिकारियों की स्मृति में स्मारक बनाया गया।
  - ज़िले की सड़कें बारिश से क्षतिग्रस्त हुईं और पुराना पुल टूट गया।
  - सन् 1995 में बारह सदस्य देशों के प्रतिनिधियों ने समझौते पर हस्ताक्षर किए।
facts:
  - label: स्थापना
    value: 1995
  - label: मुख्यालय
    value: नई दिल्ली
  - label: सदस्य
    value: [भारत, नेपाल, श्रीलंका, बांग्लादेश, भूटान, मालदीव]
  - label: आधिकारिक भाषाएँ
    value: [हिन्दी, अंग्रेज़ी]
sections:
  - heading: पृष्ठभूमि
    text: |
      उद्देश्य आर्थिक विकास, शिक्षा, स्वास्थ्य और पर्यावरण संरक्षण है। प्रत्येक वर्ष
      मंत्रिस्तरीय बैठक होती है, जिसमें अध्यक्षता क्रमानुसार बदलती है।

      ज्ञान, विज्ञान और प्रौद्योगिकी के आदान-प्रदान से द्विपक्षीय व्यापार बढ़ा। श्रमिकों
      के अधिकार, न्यूनतम वेतन और सामाजिक सुरक्षा पर सहमति हुई। दुःख की बात है कि
      शुद्ध पेयजल अब भी चुनौती है।
    points:
      - ऊर्जा, जलवायु परिवर्तन और आपदा प्रबंधन
      - इन्द्रधनुष कार्यक्रम के अंतर्गत औद्योगिक प्रशिक्षण
      - ग़रीबी, भुखमरी और कुपोषण का उन्मूलन
timeline:
  - date: 1995-03-12
    event: संस्थापक सम्मेलन में घोषणापत्र स्वीकार किया गया।
  - date: 2003
    event: स्थायी सचिवालय की स्थापना हुई और महासचिव नियुक्त हुए।
  - date: 2019-06
    event: सदस्यों ने मुक्त व्यापार क्षेत्र पर वार्ता आरंभ की।
questions:
  - q: संगठन की स्थापना कब हुई?
    a: सन् 1995 में।
sources:
  - title: वार्षिक प्रतिवेदन
    publisher: सचिवालय
"""

LONG_WORDS = (
    "internationalisation", "counterproductive", "telecommunications", "responsibilities",
    "administrative", "constitutional", "parliamentarians", "representatives",
    "infrastructure", "environmental", "intergovernmental", "implementation",
    "extraordinarily", "transformation", "accountability", "determination", "understanding",
    "interpretation", "institutionalised", "comprehensive",
)
ENGLISH = f"""\
title: Reading test
as_of: 2025-11-27
summary:
  - Treaty signed{ARROW}observer status{ARROW}participation frozen.
sections:
  - heading: Background
    text: >-
      {" ".join(f"the {w} of {LONG_WORDS[(i * 7) % len(LONG_WORDS)]}"
                for i, w in enumerate(LONG_WORDS * 3))}.
"""


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("text")
    (root / "data").mkdir()
    (root / "data" / "shabd.yaml").write_text(HINDI, encoding="utf-8")
    (root / "data" / "reading.yaml").write_text(ENGLISH, encoding="utf-8")
    report = build([root / "data"], ["classroom"], root / "out", cache=False,
                   project=Project(root))
    assert report.ok, "\n".join(map(str, report.problems))
    return {"hi": root / "out" / "shabd-classroom.pdf",
            "en": root / "out" / "reading-classroom.pdf"}


@pytest.mark.parametrize("reader", [pdftotext, pdfjs, pdfium_text],
                         ids=["pdftotext", "pdf.js", "pdfium"])
def test_devanagari_words_come_back_whole(printed: dict[str, Path], reader: object) -> None:
    text = reader(printed["hi"])  # type: ignore[operator]
    read, broken = DEVANAGARI_WORD.findall(text), broken_words(text, HINDI)
    assert len(read) > 150
    assert len(broken) <= len(read) / 100, f"{len(broken)} of {len(read)}: {broken[:20]}"
    written = set(DEVANAGARI_WORD.findall(HINDI))
    assert written <= set(read), written - set(read)


def test_words_hyphenated_at_a_line_end_come_back_whole(printed: dict[str, Path]) -> None:
    # pdf.js gives the lines as printed: each break ends its line with a hyphen-minus...
    lines = pdfjs(printed["en"])
    breaks = re.findall(r"([a-z]+)-\n([a-z]+)", lines)
    assert len(breaks) >= 3, "the long words are hyphenated"
    assert all(first + second in LONG_WORDS for first, second in breaks), breaks
    assert "\u2010" not in lines
    # ... which its find bar joins (a lowercase letter, '-', a line end, a lowercase letter),
    # as pdftotext does itself.
    found = set(re.findall(r"[a-z]+", re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", lines)))
    assert set(LONG_WORDS) <= found, set(LONG_WORDS) - found
    found = set(re.findall(r"[a-z]+", pdftotext(printed["en"])))
    assert set(LONG_WORDS) <= found, set(LONG_WORDS) - found


def test_an_arrow_prints_from_a_bundled_font(printed: dict[str, Path]) -> None:
    assert ARROW.strip() in pdftotext(printed["en"])
    assert not foreign_fonts(printed["en"])
    assert not foreign_fonts(printed["hi"])
