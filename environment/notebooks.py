#!/usr/bin/python3
"""Executes metalora's notebooks headlessly with the `java` kernel and collects what they produce.

Used by environment/run (full protocol) and environment/tests/notebooks.sh (METALORA_QUICK=1).
For each notebook it writes OUT/notebooks/NAME.ipynb (executed) and OUT/notebooks/NAME.html
(figures inline), saves every image/png output as a PNG under OUT/figures/ (a cell tagged
`figure:SLUG` names its figure SLUG.png), and finally prints a summary table. The notebooks write
their results as JSON under OUT/results/ themselves (they read METALORA_OUT).
"""
import argparse
import base64
import glob
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from nbconvert import HTMLExporter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def first_error(nb):
    """(cell number counted from 1, 'ename: evalue') of the first cell with an error output."""
    for i, cell in enumerate(nb.cells, start=1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return i, f"{out.get('ename', 'error')}: {out.get('evalue', '')}".strip()
    return None


def save_figures(nb, name, fig_dir):
    """Writes each image/png output as a PNG; returns the paths written."""
    paths = []
    for i, cell in enumerate(nb.cells, start=1):
        tags = [t for t in cell.get("metadata", {}).get("tags", []) if t.startswith("figure:")]
        pngs = [out["data"]["image/png"] for out in cell.get("outputs", [])
                if "data" in out and "image/png" in out["data"]]
        for j, data in enumerate(pngs):
            slug = tags[0][len("figure:"):] if tags else f"{name}-cell{i}"
            if len(pngs) > 1:
                slug = f"{slug}-{j + 1}"
            path = os.path.join(fig_dir, slug + ".png")
            with open(path, "wb") as f:
                f.write(base64.b64decode(data if isinstance(data, str) else "".join(data)))
            paths.append(path)
    return paths


def write_atomically(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def run_notebook(path, out_dir, kernel, cell_timeout):
    name = os.path.splitext(os.path.basename(path))[0]
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=kernel, timeout=cell_timeout, startup_timeout=180,
                            allow_errors=False,
                            resources={"metadata": {"path": os.path.dirname(path)}})
    start = time.time()
    error = None
    try:
        client.execute()
    except CellTimeoutError as e:
        error = f"a cell ran past the {cell_timeout} s limit ({str(e).splitlines()[0]})"
    except CellExecutionError:
        pass  # located below from the notebook's own error output
    except Exception as e:  # kernel died or could not start
        error = f"{type(e).__name__}: {e}"
    seconds = time.time() - start
    located = first_error(nb)
    if located:
        error = f"cell {located[0]}: {located[1]}"
    nb_dir = os.path.join(out_dir, "notebooks")
    fig_dir = os.path.join(out_dir, "figures")
    os.makedirs(nb_dir, exist_ok=True)
    os.makedirs(fig_dir, exist_ok=True)
    write_atomically(os.path.join(nb_dir, name + ".ipynb"), nbformat.writes(nb))
    html, _ = HTMLExporter().from_notebook_node(nb)
    write_atomically(os.path.join(nb_dir, name + ".html"), html)
    figures = save_figures(nb, name, fig_dir)
    return {"name": name, "ok": error is None, "error": error, "seconds": seconds,
            "figures": len(figures)}


def headline_rows(results_dir):
    """(comparison, metric, LoRA-ML, SR) for every result JSON that compares the two methods:
    single comparisons, each value of a sweep, and the vision table (accuracy after LoRA fine-tuning)."""
    rows = []
    for path in sorted(glob.glob(os.path.join(results_dir, "*.json"))):
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError):
            continue
        name = os.path.basename(path)
        if not isinstance(data, dict):
            continue
        if "runs" in data:  # a sweep: one comparison per value of data["parameter"]
            parameter = data.get("parameter", "value")
            items = [(f"{name} [{parameter}={run.get('config', {}).get(parameter, '?')}]", run)
                     for run in data["runs"]]
        else:
            items = [(name, data)]
        for label, item in items:
            methods = item.get("methods", {})
            if "lora-ml" in methods and "standard" in methods:
                loss = [methods[m].get("testLoss", {}).get("mean", float("nan")) for m in ("lora-ml", "standard")]
                rows.append((label, "test loss", *loss))
        results = data.get("results", {})
        if "lora-ml" in results and "standard" in results:
            acc = [results[m].get("lora", {}).get("lastAccuracy", {}).get("mean", float("nan"))
                   for m in ("lora-ml", "standard")]
            rows.append((name, "accuracy (LoRA FT)", *acc))
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("notebooks", nargs="*", help="notebooks to run (default: notebooks/*.ipynb)")
    p.add_argument("--out", default=os.path.join(ROOT, "out"), help="output folder (default: out/)")
    p.add_argument("--kernel", default="java", help="kernel name (default: java)")
    p.add_argument("--cell-timeout", type=int, default=None,
                   help="seconds one cell may run (default: no limit)")
    p.add_argument("--check", action="store_true",
                   help="also fail a notebook that produced no image/png output")
    args = p.parse_args()

    paths = args.notebooks or sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
    if not paths:
        sys.exit("no notebooks found under notebooks/")
    os.environ["METALORA_OUT"] = os.path.abspath(args.out)
    os.makedirs(os.path.join(args.out, "results"), exist_ok=True)

    reports = []
    for path in paths:
        print(f"[metalora] executing {os.path.relpath(path, ROOT)}", file=sys.stderr, flush=True)
        r = run_notebook(os.path.abspath(path), args.out, args.kernel, args.cell_timeout)
        if r["ok"] and args.check and r["figures"] == 0:
            r.update(ok=False, error="no image/png output")
        reports.append(r)
        if not r["ok"]:
            print(f"[metalora] FAILED {r['name']}: {r['error']}", file=sys.stderr, flush=True)

    width = max(len(r["name"]) for r in reports)
    print(f"\n{'notebook':<{width}}  status  seconds  figures")
    for r in reports:
        print(f"{r['name']:<{width}}  {'ok' if r['ok'] else 'FAILED':<6}  {r['seconds']:7.1f}  {r['figures']:7d}")
    rows = headline_rows(os.path.join(args.out, "results"))
    if rows:
        width = max(len(r[0]) for r in rows)
        print(f"\n{'comparison':<{width}}  {'metric':<18}  {'LoRA-ML':>9}  {'SR':>9}")
        for label, metric, lora, sr in rows:
            print(f"{label:<{width}}  {metric:<18}  {lora:9.3g}  {sr:9.3g}")
    failed = [r for r in reports if not r["ok"]]
    if failed:
        for r in failed:
            print(f"notebook {r['name']} failed: {r['error']}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
