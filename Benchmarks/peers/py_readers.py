"""Peer CSV readers for throughput.sh: each reads a canonical trace, converts cpu_cores and
memory_bytes to numbers and sums them, then prints the row count and the sums.

    python3 py_readers.py csv FILE [MAX_ROWS]   # the standard library's csv module
    python3 py_readers.py pandas FILE           # pandas.read_csv(engine="pyarrow")
    python3 py_readers.py polars FILE           # polars.read_csv
    python3 py_readers.py check pandas|polars   # exit status 3 when the reader is not importable
"""
import sys


def read_csv_module(path, max_rows):
    import csv
    import itertools

    with open(path, newline="") as file:
        reader = csv.reader(file)
        header = next(reader)
        cpu_column, memory_column = header.index("cpu_cores"), header.index("memory_bytes")
        rows, cpu, memory = 0, 0.0, 0.0
        for row in itertools.islice(reader, max_rows):
            rows += 1
            cpu += float(row[cpu_column])
            if row[memory_column]:
                memory += float(row[memory_column])
    return rows, cpu, memory


def read_pandas(path):
    import pandas

    frame = pandas.read_csv(path, engine="pyarrow")
    return len(frame), float(frame["cpu_cores"].sum()), float(frame["memory_bytes"].sum())


def read_polars(path):
    import polars

    frame = polars.read_csv(path)
    return frame.height, float(frame["cpu_cores"].sum()), float(frame["memory_bytes"].sum())


def importable(reader):
    modules = {"pandas": ["pandas", "pyarrow"], "polars": ["polars"]}[reader]
    try:
        for module in modules:
            __import__(module)
    except ImportError:
        return False
    return True


def main(argv):
    mode = argv[1]
    if mode == "check":
        return 0 if importable(argv[2]) else 3
    path = argv[2]
    if mode == "csv":
        result = read_csv_module(path, int(argv[3]) if len(argv) > 3 else None)
    elif mode == "pandas":
        result = read_pandas(path)
    elif mode == "polars":
        result = read_polars(path)
    else:
        print(f"unknown reader {mode}", file=sys.stderr)
        return 2
    print("rows %d cpu_cores %.6g memory_bytes %.6g" % result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
