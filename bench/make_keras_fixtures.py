"""Make the Keras 3 fixtures of tests/fixtures/keras/ once (fixed seeds), with their float64
outputs. Run with a Python that has keras and torch (never symlstm's own environment):

    KERAS_BACKEND=torch /work/torchvenv/bin/python bench/make_keras_fixtures.py

Each net is built in float32 (as trained nets are), saved, and rebuilt in float64 with the
same (float32) weights: the JSON holds Keras's per-step outputs of the recurrent layer and
of the readout for fixed words, in float32 and in float64. (Measured with Keras 3.15 on the
torch backend: its float64 LSTM and GRU agree with a NumPy float64 loop to 1e-16, but its
float64 Dense and SimpleRNN are off by ~1e-7, as if a product were taken in float32.)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "keras"
WORDS = (
    (0, 0, 1, 1, 1, 0),
    (1, 1, 0, 1, 1),
    (1,) * 10,
    tuple((i * 7 + 3) % 5 % 2 for i in range(25)),
)
TOKEN_WORDS = ((0, 1, 2, 3), (3, 3, 1, 0, 2, 2, 1), tuple((i * 5 + 1) % 4 for i in range(20)))


def build(spec: str, dtype: str) -> keras.Model:
    kw = {"dtype": dtype, "return_sequences": True}
    if spec == "lstm":
        inputs = keras.Input((None, 1), dtype=dtype)
        rec = keras.layers.LSTM(2, name="lstm", **kw)
        head = keras.layers.Dense(1, name="dense", dtype=dtype)
        x = inputs
    elif spec == "gru_after":
        inputs = keras.Input((None, 1), dtype=dtype)
        rec = keras.layers.GRU(2, reset_after=True, name="gru", **kw)
        head = keras.layers.Dense(3, name="dense", dtype=dtype)
        x = inputs
    elif spec == "gru_before":
        inputs = keras.Input((None, 1), dtype=dtype)
        rec = keras.layers.GRU(3, reset_after=False, name="gru", **kw)
        head = keras.layers.Dense(2, name="dense", dtype=dtype)
        x = inputs
    else:  # rnn with an embedding
        inputs = keras.Input((None,), dtype="int32")
        x = keras.layers.Embedding(4, 2, name="embedding", dtype=dtype)(inputs)
        rec = keras.layers.SimpleRNN(3, name="simple_rnn", **kw)
        head = keras.layers.Dense(1, name="dense", dtype=dtype)
    states = rec(x)
    return keras.Model(inputs, [states, head(states)])


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for k, (spec, suffix) in enumerate(
        (
            ("lstm", ".keras"),
            ("gru_after", ".weights.h5"),
            ("gru_before", ".keras"),
            ("rnn", ".keras"),
        )
    ):
        keras.utils.set_random_seed(100 + k)
        model32 = build(spec, "float32")
        # larger weights than the initialiser's, so that the cells do something visible
        rng = np.random.default_rng(100 + k)
        model32.set_weights(
            [(w * 3.0 + rng.normal(size=w.shape)).astype(np.float32) for w in model32.get_weights()]
        )
        name = f"keras_{spec}"
        path = OUT / f"{name}{suffix}"
        if suffix == ".keras":
            model32.save(path)
        else:
            model32.save_weights(path)
        keras.config.set_floatx("float64")
        model64 = build(spec, "float64")
        keras.config.set_floatx("float32")
        model64.set_weights([w.astype(np.float64) for w in model32.get_weights()])
        words = TOKEN_WORDS if spec == "rnn" else WORDS
        records = []
        for word in words:
            if spec == "rnn":
                batch = np.array([word], dtype=np.int32)
            else:
                batch = np.array(word, dtype=np.float64).reshape(1, -1, 1)
            states, head = model64(batch)
            states32, head32 = model32(batch.astype(np.int32 if spec == "rnn" else np.float32))
            records.append(
                {
                    "inputs": list(word),
                    "h": keras.ops.convert_to_numpy(states)[0].tolist(),
                    "readout": keras.ops.convert_to_numpy(head)[0].tolist(),
                    "h_float32": keras.ops.convert_to_numpy(states32)[0].tolist(),
                    "readout_float32": keras.ops.convert_to_numpy(head32)[0].tolist(),
                }
            )
        meta = {"name": name, "file": path.name, "keras": keras.__version__, "words": records}
        (OUT / f"{name}.json").write_text(json.dumps(meta, indent=1) + "\n")
        print(path.name, [w.shape for w in model32.get_weights()])
    return 0


if __name__ == "__main__":
    sys.exit(main())
