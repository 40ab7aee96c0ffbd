"""``tzqa bench``: the benchmark command (registered by ``cli._register_extras``)."""
from __future__ import annotations

from pathlib import Path

import typer


def _ints(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(x.replace("_", "")) for x in text.split(",") if x.strip())
    except ValueError as exc:
        raise typer.BadParameter(f"expected comma-separated whole numbers, got {text!r}") from exc


def register(app: typer.Typer) -> None:
    @app.command()
    def bench(
        only: str | None = typer.Option(None, "--only",
            help="Comma-separated sections: build,query,http,scale,onnx,library (default: all)."),
        quick: bool = typer.Option(False, "--quick",
            help="Fast smoke run: fewer questions, short HTTP phases, 10k scale only."),
        out: Path = typer.Option(Path("bench/out/bench.json"), "--out",
            help="Where to write the JSON report."),
        scale_sizes: str | None = typer.Option(None, "--scale-sizes",
            help="Synthetic corpus sizes, e.g. 10000,100000,1000000 (default 10000,100000; --quick 10000)."),
        questions: int | None = typer.Option(None, "--questions", min=5,
            help="Distinct query strings (default 220; --quick 60)."),
        rounds: int | None = typer.Option(None, "--rounds", min=1,
            help="Passes over the questions (default 2)."),
        http_seconds: float | None = typer.Option(None, "--http-seconds", min=0.5,
            help="Seconds per HTTP concurrency level (default 10)."),
        concurrency: str | None = typer.Option(None, "--concurrency",
            help="HTTP client counts (default 1,8)."),
        index: Path | None = typer.Option(None, "--index",
            help="Index root for query/http/onnx (default: the one the build section makes, else the live index)."),
        onnx_variants: str | None = typer.Option(None, "--onnx-variants", help="fp32,int8 (default both)."),
        library_sizes: str | None = typer.Option(None, "--library-sizes",
            help="Library sizes before adding one document, e.g. 0,10,100,1000 (the default; --quick 0,10)."),
        cold_build: bool | None = typer.Option(None, "--cold-build/--no-cold-build",
            help="Also time `tzqa serve` on an empty index folder (default on; off with --quick)."),
    ) -> None:
        """Benchmark build time, query latency, HTTP latency/throughput/memory, scaling, the ONNX encoder and
        the cost of adding documents to the library (needs the bench extra: `make bench` installs it)."""
        import importlib.util

        from rich.console import Console

        if importlib.util.find_spec("psutil") is None or importlib.util.find_spec("ranx") is None:
            Console(stderr=True).print("[red]error:[/red] tzqa bench needs its extra: "
                                       "pip install -e '.[bench]' (or run `make bench`)")
            raise typer.Exit(2)

        from tzqa.bench import SECTIONS, BenchConfig, print_table, run_bench

        changes: dict[str, object] = {"out": out}
        if only:
            sections = tuple(s.strip() for s in only.split(",") if s.strip())
            bad = [s for s in sections if s not in SECTIONS]
            if bad:
                raise typer.BadParameter(f"unknown section(s) {', '.join(bad)}; use {', '.join(SECTIONS)}", param_hint="--only")
            changes["sections"] = sections
        if scale_sizes:
            changes["scale_sizes"] = _ints(scale_sizes)
        if concurrency:
            changes["http_concurrency"] = _ints(concurrency)
        if library_sizes:
            changes["library_sizes"] = _ints(library_sizes)
        if onnx_variants:
            changes["onnx_variants"] = tuple(v.strip() for v in onnx_variants.split(",") if v.strip())
        for key, value in (("questions", questions), ("rounds", rounds), ("http_seconds", http_seconds),
                           ("index_dir", index), ("cold_start_build", cold_build)):
            if value is not None:
                changes[key] = value
        cfg = BenchConfig.quick_run(**changes) if quick else BenchConfig(**changes)  # type: ignore[arg-type]
        report = run_bench(cfg)
        print_table(report)
        Console().print(f"report: {out}")
