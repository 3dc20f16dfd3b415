#!/usr/bin/env python3
"""Write the seed corpora of the fuzz harnesses into testdata/fuzz/NAME/.

    scripts/fuzz-seeds.py [FIXTURES]

The seeds are the real training logs of FIXTURES (default
../shared/fixtures), lt's own test logs in testdata/, and logs made here
that hold what readers must survive (CSV quoting, headers again, BOMs,
keys twice, torn lines), each cut to the 8 KiB a harness reads, in the
layout each harness takes (see the comment at the top of fuzz/NAME.c).
Seeds are named by their content's SHA-1, as libFuzzer names inputs, so
running this again adds nothing twice.  Inputs that found a fault are
kept beside the seeds, under the name libFuzzer gave them.
"""
import hashlib
import os
import struct
import sys

MAX = 8192
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIX = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared",
                                                         "fixtures")
OUT = os.path.join(ROOT, "testdata", "fuzz")
BOM = b"\xef\xbb\xbf"
HDR = (b"timestamp,task_type,performance_score,learning_rate,episode_count,"
       b"convergence_metric,metadata\n")


def seed(name, data):
    data = data[:MAX]
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def read(*parts):
    with open(os.path.join(*parts), "rb") as f:
        return f.read()


def fixtures(sub):
    d = os.path.join(FIX, sub)
    for dirpath, _, files in sorted(os.walk(d)):
        for f in sorted(files):
            yield os.path.join(dirpath, f)


EV = (b'{"timestamp":1795600800,"task_type":"cls","performance_score":0.5,'
      b'"learning_rate":0.01,"episode_count":1,"convergence_metric":0.1,'
      b'"metadata":{}}\n')
LOGS = [
    read(ROOT, "testdata", "multi.csv"),
    read(ROOT, "testdata", "brats2020-unet.jsonl"),
    EV + EV.replace(b"0.5", b"0.75"),
    BOM + HDR + b"1795600800,cls,0.5,0.01,1,0.1,{}\n",
    BOM + EV,
    HDR + b'1795600800,"a,""b""",0.5,0.01,1,0.1,"{""k"":[1,{""x"":null}]}"\n'
    + b"task_type,timestamp,performance_score,learning_rate,episode_count,"
    b"convergence_metric,metadata,extra\n"
    + b"cls,2026-11-25T10:00:00Z,0.5,0.01,2,0.1,{},7\n",
    HDR + b'1795600800,x,0.5,0.01,1,0.1,"{""a"":1}"\n1795600801,x,0.5,0.0',
    b'{ "timestamp" : "2026-11-25T10:00:00.5+01:00", "task_type": "a\\u00e9",'
    b' "performance_score": 5e-1, "learning_rate": 1E-2, "episode_count": 3.0,'
    b' "convergence_metric": 0, "metadata": {"a": {"b": [1, 2.50]}},'
    b' "other": true }\n'
    + EV.replace(b'"metadata":{}', b'"metadata":{"a":1,"a":2}')
    + EV.replace(b'"cls"', b'"cls","task_type":"x"')
    + b"not json\n\n  \r\n" + EV[:60],
    HDR + b"1795600800,x,0.5,0.01,1,0.1,{}\r\n" + HDR.replace(b",metadata",
                                                          b"")
    + b"1795600801,x,0.5,0.01,2,0.1\n",
]

for log in LOGS:
    seed("decode", log)
    seed("scan", b"\x05" + log)
    seed("scan", b"\x3f" + log)
    seed("batch", b"\x00" + log)
    seed("batch", b"\x07" + log)
    seed("batch", b"\x81" + log)

seed("goals", read(ROOT, "testdata", "multi.goals.jsonl"))
seed("goals", b'{"op":"create","time":1,"goal_id":"g","target":0.5}\n'
     b'{"op":"update","time":2,"goal_id":"g","value":0.7}\n'
     b'{"op":"create","time":3,"goal_id":"h","target":10,"direction":"min",'
     b'"baseline":100,"task":"t","metric":"loss"}\n'
     b'{"op":"delete","time":4,"goal_id":"g"}\nbad\n')

for args in [b"batch_size=32\0optimizer=adam\0lr0=1e-3\0zip=007",
             b'layers:=[64,64]\0opt:={"name":"sgd","m":0.9}\0n=null',
             b'a=1\0a=2', b'x:={"b":1,"b":2}', b'timestamp=3', b'=1',
             b'{"a":1,"b":"x","c":true,"d":null,"e":0.5}',
             b'{"a": 1.50, "b": [1, {"c": "\\u00e9"}]}', b'{"a":1,"a":2}',
             b'{"episode_count":1}', b'[1,2]', b'{"a":1e400}']:
    seed("meta", args)

for t in [b"0.1", b"1e-300", b"5e-324", b"1.7976931348623157e308", b"-0",
          b"123456789012345678901234567890", b"1795600800.123456",
          b"2026-11-25T10:00:00.25+01:00", b"2026-02-31", b"9999-12-31",
          b"30m", b"1.5w", b"2h ago", b"-7d", b"yesterday", b"1e300",
          b"0x10", b"1,5"]:
    seed("num", t)


def records(data):
    """The data of each TFRecord of an event file."""
    out, off = [], 0
    while off + 12 <= len(data):
        n = struct.unpack("<Q", data[off:off + 8])[0]
        if off + 12 + n + 4 > len(data):
            break
        out.append(data[off + 12:off + 12 + n])
        off += 12 + n + 4
    return out


for path in fixtures("tensorboard"):
    if "tfevents" not in path:
        continue
    data = read(path)
    seed("tfevents", b"\x01" + data)
    framed = b"".join(struct.pack("<H", len(r)) + r
                      for r in records(data) if len(r) < 65536)
    seed("tfevents", b"\x00" + framed)
    seed("import_tensorboard", b"\x00" + data)
    seed("import_tensorboard", b"\x06" + data)

SINGLE = {
    "keras": ["keras-csvlogger"],
    "lightning": ["lightning-csvlogger"],
    "hf": ["hf-trainer-state"],
    "sb3": ["rl-progress", "rl-monitor", "rl-seeds"],
    "yolo": ["yolo-results"],
    "detectron2": ["detectron2-metrics-json"],
}
for fmt, subs in SINGLE.items():
    for sub in subs:
        for path in fixtures(sub):
            if path.endswith(".yaml"):
                continue
            data = read(path)
            # --from FORMAT, and auto; the monitor files under their name
            first = 1 if path.endswith("monitor.csv") else 0
            seed("import_" + fmt, bytes([first]) + data)
            seed("import_" + fmt, bytes([first | 4 | 8]) + data)
            hp = os.path.join(os.path.dirname(path), "hparams.yaml")
            if os.path.exists(hp):
                seed("import_" + fmt, bytes([first]) + data[:6000]
                     + b"\0hparams.yaml\n" + read(hp))

# An MLflow run: its meta.yaml, then its metrics, params and tags, each
# cut short, so that the whole run fits.
for path in fixtures("mlflow-filestore"):
    if not path.endswith("meta.yaml") or os.path.basename(
            os.path.dirname(os.path.dirname(path))) == "mlruns":
        continue
    run = os.path.dirname(path)
    if not os.path.isdir(os.path.join(run, "metrics")):
        continue
    data = read(path)
    for kind in ("metrics", "params", "tags"):
        for f in fixtures(os.path.relpath(os.path.join(run, kind), FIX)):
            name = os.path.relpath(f, run)
            data += b"\0" + name.encode() + b"\n" + read(f)[:400]
    seed("import_mlflow", b"\x00" + data)
