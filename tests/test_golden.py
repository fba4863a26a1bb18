"""Every kept sample output has the bytes it had: a refactoring changes none of them. A
change meant to alter them runs `make golden` and says why in its commit."""

from __future__ import annotations

import json
from pathlib import Path

from golden.outputs import DIGESTS, make
from samples import TODAY, copy_samples


def test_the_sample_outputs_keep_their_bytes(tmp_path: Path) -> None:
    copy_samples(tmp_path)
    kept = json.loads(DIGESTS.read_text())
    made = make(tmp_path, TODAY)
    assert sorted(made) == sorted(kept)
    changed = [name for name in kept if made[name] != kept[name]]
    assert not changed, f"{changed} changed bytes; if meant, run `make golden` and say why"
