"""papernb's bridge to Jupyter: the Go command `papernb` writes this file to a
temporary directory and runs it with the project's venv Python.

  driver.py execute IN OUT --kernel NAME --cwd DIR --timeout SECONDS
      Executes the notebook IN on kernel NAME started in DIR, stopping at the
      first cell that raises, and writes the executed notebook to OUT (also
      when a cell failed or the time ran out, so the failure can be read from
      it). The timeout is for the whole notebook: before each cell the
      remaining time becomes nbclient's per-cell timeout. Exit status: 0 all
      cells ran; 3 a cell raised (its error output is in OUT); 4 the notebook
      ran out of time (an error output named NotebookTimeout is added to the
      cell that was running); 1 anything else (message on stderr).

  driver.py html JOBS_JSON
      JOBS_JSON holds {"template_dir", "pages": [{"in", "out", "title",
      "mathjax_url", "index_url"}]}: each notebook is exported with
      nbconvert's HTMLExporter, lab template, extended by papernb.html.j2 in
      template_dir (no CDN: MathJax from mathjax_url, relative to the page).

The kernel's own stderr (GoNB's log) is inherited: papernb sends it to a log
file.
"""

import json
import os
import sys
import time


def execute(argv):
    import argparse

    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    p = argparse.ArgumentParser(prog="driver.py execute")
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--kernel", required=True)
    p.add_argument("--cwd", required=True)
    p.add_argument("--timeout", type=float, required=True)
    a = p.parse_args(argv)

    nb = nbformat.read(a.input, as_version=4)
    # Outputs come from this run only: cells after a failure stay empty
    # instead of showing what an earlier run saved.
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    client = NotebookClient(
        nb,
        kernel_name=a.kernel,
        resources={"metadata": {"path": a.cwd}},
        allow_errors=False,
        record_timing=False,
    )
    deadline = time.monotonic() + a.timeout
    status = 0
    try:
        with client.setup_kernel():
            info = client.wait_for_reply(client.kc.kernel_info())
            if info is not None:
                client.nb.metadata["language_info"] = info["content"]["language_info"]
            for index, cell in enumerate(client.nb.cells):
                left = deadline - time.monotonic()
                try:
                    if left <= 0 and cell.cell_type == "code":
                        raise CellTimeoutError("no time left")
                    client.timeout = max(1, int(left))
                    client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                except CellTimeoutError:
                    # Recorded before the kernel shuts down, so that it comes
                    # before the error the interrupted cell then reports.
                    status = 4
                    cell.setdefault("outputs", []).append(nbformat.v4.new_output(
                        "error",
                        ename="NotebookTimeout",
                        evalue="the notebook ran past its timeout of %g s in cell %d" % (a.timeout, index),
                        traceback=[],
                    ))
                    break
    except CellExecutionError:
        status = 3
    finally:
        tmp = a.output + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            nbformat.write(client.nb, f)
        os.replace(tmp, a.output)
    return status


def html(argv):
    from nbconvert import HTMLExporter
    import nbformat

    with open(argv[0], encoding="utf-8") as f:
        jobs = json.load(f)
    exporter = HTMLExporter(
        template_name="lab",
        extra_template_paths=[jobs["template_dir"]],
        template_file="papernb.html.j2",
    )
    for page in jobs["pages"]:
        nb = nbformat.read(page["in"], as_version=4)
        exporter.mathjax_url = page["mathjax_url"]
        resources = {"metadata": {"name": page["title"]}, "papernb_index_url": page["index_url"]}
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        tmp = page["out"] + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(body)
        os.replace(tmp, page["out"])
    return 0


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("execute", "html"):
        print("usage: driver.py execute|html ...", file=sys.stderr)
        return 2
    cmd, argv = sys.argv[1], sys.argv[2:]
    return execute(argv) if cmd == "execute" else html(argv)


if __name__ == "__main__":
    sys.exit(main())
