#!/usr/bin/env python3
"""The Python SDK's side of the comparison in BENCHMARKS.md.

It does what `go run ./internal/benchserver/compare -url URL` does, with
globus-sdk (4.x) and the standard json module, against the server of
`go run ./internal/benchserver/compare -serve ADDR`, and prints the CPU time
(time.process_time) and wall time of each operation, the medians of 15
runs after one warm-up run.

    python3 compare.py http://127.0.0.1:8799

globus-sdk must be importable (pip install globus-sdk, or its source tree
on PYTHONPATH).
"""

import json
import statistics
import sys
import time

import globus_sdk

ENDPOINT = "0f1e2d3c-0000-4000-8000-000000000001"
ROUNDS = 15


def main(base):
    tc = globus_sdk.TransferClient(
        base_url=base.rstrip("/") + "/",
        authorizer=globus_sdk.AccessTokenAuthorizer("comparison-token"),
    )
    src = [f"/~/data/run-{i // 1000}/file-{i}.dat" for i in range(100_000)]
    dst = ["/~/backup" + p[2:] for p in src]

    def ls():
        return len(tc.operation_ls(ENDPOINT, path="/~/")["DATA"])

    def tasks():
        n = 0
        for _ in tc.paginated.endpoint_manager_task_list().items():
            n += 1
        return n

    encoder = globus_sdk.transport.JSONRequestEncoder()

    def build_transfer():
        # Build the document, then encode it as the SDK's transport does
        # when it submits one (without sending it).
        tdata = globus_sdk.TransferData(source_endpoint=ENDPOINT, destination_endpoint=ENDPOINT)
        for s, d in zip(src, dst):
            tdata.add_item(s, d)
        body = encoder.encode("POST", base + "/v0.10/transfer", None, tdata, {}).prepare().body
        return body.count(b"\"transfer_item\"")

    want = {"ls-10000": 10_000, "tasks-2000": 2_000, "transfer-100000": 100_000}
    print(f"globus-sdk {globus_sdk.__version__}, Python {sys.version.split()[0]}")
    print("operation        cpu-ms  wall-ms")
    for name, op in (("ls-10000", ls), ("tasks-2000", tasks), ("transfer-100000", build_transfer)):
        cpu, wall = [], []
        for i in range(ROUNDS + 1):
            c0, w0 = time.process_time(), time.perf_counter()
            n = op()
            c1, w1 = time.process_time(), time.perf_counter()
            if n != want[name]:
                raise SystemExit(f"{name}: {n} items, want {want[name]}")
            if i:
                cpu.append((c1 - c0) * 1000)
                wall.append((w1 - w0) * 1000)
        print(f"{name:<16} {statistics.median(cpu):7.1f} {statistics.median(wall):8.1f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8799")
