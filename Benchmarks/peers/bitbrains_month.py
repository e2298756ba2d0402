"""Makes the Bitbrains-shaped month the `import` benchmark converts: 500 VM files of 8,640 readings
(30 days at 5 minutes), each one of a GWA-T-12 directory's VMs with its readings repeated back to back.

    python3 bitbrains_month.py SOURCE_DIR OUT_DIR

SOURCE_DIR holds GWA-T-12 VM files (`<vm>.csv`, e.g. the 120 VMs' first two days, 576 readings
each); VM file k of OUT_DIR (1.csv ... 500.csv) repeats source VM k modulo their number, each copy
shifted by the source's span plus one 300 s step.
"""
import os
import sys


def main(source, out, vms=500, readings=8640):
    names = sorted(f for f in os.listdir(source) if f.endswith(".csv"))
    os.makedirs(out, exist_ok=True)
    for k in range(vms):
        with open(os.path.join(source, names[k % len(names)])) as f:
            lines = f.read().splitlines()
        header, body = lines[0], [line.split(";", 1) for line in lines[1:] if line.strip()]
        first = int(body[0][0])
        span = int(body[-1][0]) - first + 300
        rows = []
        copy = 0
        while len(rows) < readings:
            rows += [f"{int(t) + copy * span};{rest}" for t, rest in body]
            copy += 1
        with open(os.path.join(out, f"{k + 1}.csv"), "w") as f:
            f.write("\n".join([header] + rows[:readings]) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
