"""The gap engine: every target's status at an evaluation year, as table operations.

One row per target (`targets`) is joined with the actuals of its region and indicator
(`pairs`); each kind is then judged with whole-column numpy expressions, never a Python
loop per target, so a million actuals cost what reading them costs. The rules are in the
README ("Status rules"); comparisons go through `_ge`/`_gt`, which round differences to
9 decimals so that float noise never flips a status (87.6 from 80 toward 100 at 2 of 5
years is R = 0.95 exactly, not 0.9499999999999998).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tracker.dataroot import DataSet
from tracker.models import Kind, Status
from tracker.plans import PlanSpec
from tracker.results import BEHIND_AT, DECIMALS, OFF_TRACK_AT, ON_TRACK_AT, Evaluation, Figure, PlanResult, TargetResult

S = Status


def evaluate(dataset: DataSet, as_of: int) -> Evaluation:
    """Judge every target of every plan in `dataset` with the actuals up to `as_of`."""
    targets = targets_frame(dataset.plans)
    actuals = dataset.actuals[dataset.actuals["y_end"] <= as_of]
    targets["end"] = np.minimum(targets["by"].to_numpy(), as_of)
    pairs = _pairs(targets, actuals)
    _fill_baselines(targets, pairs)
    judged = pd.DataFrame(
        {
            "status": np.full(len(targets), S.NO_DATA.value, dtype=object),
            "ratio": np.nan,
            "final": False,
            "row": -1,
            "progress": np.nan,
            "time_share": np.nan,
            "points": 0,
        }
    )
    judged["sum_value"] = np.nan
    judged["sum_lo"] = np.nan
    judged["sum_hi"] = np.nan
    judged["sum_qualifier"] = ""
    judged["sum_start"] = 0
    judged["sources"] = ""
    for kind, judge in _JUDGES.items():
        mask = (targets["kind"] == kind.value).to_numpy()
        if mask.any():
            judge(targets[mask], pairs[(pairs["kind"] == kind.value).to_numpy()], judged, as_of)
    return _results(dataset, targets, judged, actuals, as_of)


def targets_frame(plans: list[PlanSpec]) -> pd.DataFrame:
    """One row per target with everything the judges need."""
    rows = [
        (
            spec.model.region,
            spec.model.period.start,
            t.indicator,
            t.kind.value,
            t.op or "",
            t.value,
            t.step,
            t.by,
            t.baseline_year,
            t.baseline_value,
        )
        for spec in plans
        for t in spec.targets
    ]
    frame = pd.DataFrame(rows, columns=["region", "start", "indicator", "kind", "op", "tv", "tstep", "by", "t0", "y0"])
    frame = frame.astype(
        {"tv": "float64", "tstep": "float64", "t0": "float64", "y0": "float64", "by": "int64", "start": "int64"}
    )
    frame.insert(0, "t", np.arange(len(frame)))
    return frame


def _pairs(targets: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """Every (target, actual row) of the same region and indicator, with the target's columns."""
    keyed = actuals.reset_index(drop=True).reset_index(names="row")
    columns = [
        "row",
        "region",
        "indicator",
        "y_start",
        "y_end",
        "value",
        "qualifier",
        "lo",
        "hi",
        "lo_open",
        "hi_open",
        "conflict",
        "source",
    ]
    return targets.merge(keyed[columns], on=["region", "indicator"], how="inner")


def _fill_baselines(targets: pd.DataFrame, pairs: pd.DataFrame) -> None:
    """A baseline without a value takes the actual reported for its year."""
    missing = targets["y0"].isna() & targets["t0"].notna()
    if not missing.any():
        return
    at_t0 = pairs[pairs["t"].isin(targets.loc[missing, "t"])]
    at_t0 = at_t0[(at_t0["y_end"] == at_t0["t0"]) & (at_t0["y_start"] == at_t0["y_end"]) & ~at_t0["conflict"]]
    values = at_t0.drop_duplicates("t", keep="last").set_index("t")["value"]
    targets.loc[missing, "y0"] = targets.loc[missing, "t"].map(values)


# Comparisons that ignore float noise below 1e-9.
def _ge(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.round(a - b, DECIMALS) >= 0  # type: ignore[no-any-return]


def _gt(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.round(a - b, DECIMALS) > 0  # type: ignore[no-any-return]


def _eq(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.round(a - b, DECIMALS) == 0  # type: ignore[no-any-return]


def meets(
    op: np.ndarray,
    tv: np.ndarray,
    half: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    lo_open: np.ndarray,
    hi_open: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(every value of [lo, hi] meets the target, some value does), elementwise."""
    all_ = np.select(
        [op == ">=", op == ">", op == "<=", op == "<", op == "==", op == "~"],
        [
            _ge(lo, tv),
            _gt(lo, tv) | (_eq(lo, tv) & lo_open),
            _ge(tv, hi),
            _gt(tv, hi) | (_eq(hi, tv) & hi_open),
            _eq(lo, tv) & _eq(hi, tv),
            _ge(lo, tv - half) & _ge(tv + half, hi),
        ],
        default=False,
    )
    reaches_up = _gt(hi, tv) | (_eq(hi, tv) & ~hi_open)
    reaches_down = _gt(tv, lo) | (_eq(lo, tv) & ~lo_open)
    any_ = np.select(
        [op == ">=", op == ">", op == "<=", op == "<", op == "==", op == "~"],
        [
            reaches_up,
            _gt(hi, tv),
            reaches_down,
            _gt(tv, lo),
            reaches_up & reaches_down,
            (_gt(tv + half, lo) | (_eq(lo, tv + half) & ~lo_open))
            & (_gt(hi, tv - half) | (_eq(hi, tv - half) & ~hi_open)),
        ],
        default=False,
    )
    return all_.astype(bool), any_.astype(bool)


def _overlaps(
    a: np.ndarray, b: np.ndarray, lo: np.ndarray, hi: np.ndarray, lo_open: np.ndarray, hi_open: np.ndarray
) -> np.ndarray:
    """Whether [a, b] and the interval lo..hi share a point."""
    starts_before_b = _gt(b, lo) | (_eq(lo, b) & ~lo_open)
    ends_after_a = _gt(hi, a) | (_eq(hi, a) & ~hi_open)
    both: np.ndarray = starts_before_b & ends_after_a
    return both


def band(ratio: np.ndarray) -> np.ndarray:
    """The status band of R (README, "Status rules"); NaN ratios give ''."""
    with np.errstate(invalid="ignore"):
        r = np.round(ratio, DECIMALS)
        return np.select(  # type: ignore[no-any-return]
            [np.isnan(r), r >= ON_TRACK_AT, r >= BEHIND_AT, r >= OFF_TRACK_AT],
            ["", S.ON_TRACK.value, S.BEHIND.value, S.OFF_TRACK.value],
            default=S.REGRESSING.value,
        )


def _ratio(task_lo: np.ndarray, task_hi: np.ndarray, time_share: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        return task_lo / time_share, task_hi / time_share


def _share(amount: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """amount / whole, NaN where whole is 0 (a target equal to its baseline has no task share)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(whole == 0, np.nan, amount / np.where(whole == 0, 1, whole))  # type: ignore[no-any-return]


def _latest(targets: pd.DataFrame, pairs: pd.DataFrame, after_baseline: bool) -> pd.DataFrame:
    """For each target, its latest actual in (t0, end] (or [start, end]), with target columns."""
    joined = pairs.assign(y0=pairs["t"].map(targets.set_index("t")["y0"]))
    lower = joined["t0"] if after_baseline else joined["start"] - 1
    joined = joined[(joined["y_end"] > lower) & (joined["y_end"] <= joined["end"])]
    joined = joined.sort_values(["t", "y_end", "y_start"], kind="stable")
    return joined.drop_duplicates("t", keep="last")


def _judge_gap(targets: pd.DataFrame, pairs: pd.DataFrame, judged: pd.DataFrame, as_of: int, change: bool) -> None:
    """level and change: the latest value (or its change from the baseline) against the target."""
    latest = _latest(targets, pairs, after_baseline=True)
    if latest.empty:
        return
    y0 = latest["y0"].to_numpy(dtype=float)
    shift = y0 if change else 0.0
    lo = latest["lo"].to_numpy() - shift
    hi = latest["hi"].to_numpy() - shift
    value = latest["value"].to_numpy() - shift
    tv = latest["tv"].to_numpy()
    all_, any_ = meets(
        latest["op"].to_numpy(),
        tv,
        latest["tstep"].to_numpy() / 2,
        lo,
        hi,
        latest["lo_open"].to_numpy(),
        latest["hi_open"].to_numpy(),
    )
    t = latest["y_end"].to_numpy()
    t0 = latest["t0"].to_numpy()
    by = latest["by"].to_numpy()
    time_share = (t - t0) / (by - t0)
    start, whole = (np.zeros_like(tv), tv) if change else (y0, tv - y0)
    r_lo, r_hi = _ratio(_share(lo - start, whole), _share(hi - start, whole), time_share)
    band_lo, band_hi = band(r_lo), band(r_hi)
    at_deadline = t == by
    no_baseline = np.isnan(y0)
    status = np.select(
        [
            latest["conflict"].to_numpy(),
            all_,
            at_deadline & any_,
            at_deadline,
            no_baseline,
            any_,
            (band_lo == band_hi) & (band_lo != ""),
            band_lo == "",
        ],
        [
            S.INDETERMINATE.value,
            S.ACHIEVED.value,
            S.INDETERMINATE.value,
            S.MISSED.value,
            S.INDETERMINATE.value,
            S.INDETERMINATE.value,
            band_lo,
            S.OFF_TRACK.value,
        ],
        default=S.INDETERMINATE.value,
    )
    index = latest["t"].to_numpy()
    judged.loc[index, "status"] = status
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = _share(value - start, whole) / time_share
    judged.loc[index, "ratio"] = np.where(np.isfinite(ratio) & ~latest["conflict"].to_numpy(), ratio, np.nan)
    judged.loc[index, "final"] = at_deadline
    judged.loc[index, "row"] = latest["row"].to_numpy()
    judged.loc[index, "progress"] = _share(value - start, whole)
    judged.loc[index, "time_share"] = time_share
    judged.loc[index, "points"] = 1


def _judge_level(targets: pd.DataFrame, pairs: pd.DataFrame, judged: pd.DataFrame, as_of: int) -> None:
    _judge_gap(targets, pairs, judged, as_of, change=False)


def _judge_change(targets: pd.DataFrame, pairs: pd.DataFrame, judged: pd.DataFrame, as_of: int) -> None:
    _judge_gap(targets, pairs, judged, as_of, change=True)


def _in_window(targets: pd.DataFrame, pairs: pd.DataFrame, whole_rows: bool) -> pd.DataFrame:
    """Actuals from the plan's start year to min(as_of, by): whole spans, or by their end year."""
    first = pairs["y_start"] if whole_rows else pairs["y_end"]
    return pairs[(first >= pairs["start"]) & (pairs["y_end"] <= pairs["end"])]


def _judge_maintain(targets: pd.DataFrame, pairs: pd.DataFrame, judged: pd.DataFrame, as_of: int) -> None:
    """maintain: every year with data must meet the target."""
    rows = _in_window(targets, pairs, whole_rows=False).sort_values(["t", "y_end", "y_start"], kind="stable")
    if rows.empty:
        return
    all_, any_ = meets(
        rows["op"].to_numpy(),
        rows["tv"].to_numpy(),
        rows["tstep"].to_numpy() / 2,
        rows["lo"].to_numpy(),
        rows["hi"].to_numpy(),
        rows["lo_open"].to_numpy(),
        rows["hi_open"].to_numpy(),
    )
    rows = rows.assign(ok=all_, fails=~any_, unsure=(any_ & ~all_) | rows["conflict"].to_numpy())
    is_latest = ~rows["t"].duplicated(keep="last").to_numpy()
    earlier = rows[~is_latest].groupby("t").agg(failed=("fails", "any"), unsure=("unsure", "any"))
    latest = rows[is_latest].set_index("t")
    failed_before = earlier["failed"].reindex(latest.index, fill_value=False).to_numpy()
    unsure_before = earlier["unsure"].reindex(latest.index, fill_value=False).to_numpy()
    at_deadline = (latest["y_end"] == latest["by"]).to_numpy()
    status = np.select(
        [
            latest["unsure"].to_numpy(),
            latest["fails"].to_numpy() & at_deadline,
            latest["fails"].to_numpy(),
            failed_before,
            unsure_before,
            at_deadline,
        ],
        [
            S.INDETERMINATE.value,
            S.MISSED.value,
            S.OFF_TRACK.value,
            S.BEHIND.value,
            S.INDETERMINATE.value,
            S.ACHIEVED.value,
        ],
        default=S.ON_TRACK.value,
    )
    index = latest.index.to_numpy()
    judged.loc[index, "status"] = status
    judged.loc[index, "final"] = at_deadline
    judged.loc[index, "row"] = latest["row"].to_numpy()
    share_ok = rows.groupby("t")["ok"].mean()
    judged.loc[index, "progress"] = share_ok.reindex(latest.index).to_numpy()
    judged.loc[index, "points"] = rows.groupby("t").size().reindex(latest.index).to_numpy()


def _judge_cumulative(targets: pd.DataFrame, pairs: pd.DataFrame, judged: pd.DataFrame, as_of: int) -> None:
    """cumulative: the interval sum of flows in the window against the target total."""
    rows = _in_window(targets, pairs, whole_rows=True)
    if rows.empty:
        return
    rows = rows.assign(length=rows["y_end"] - rows["y_start"] + 1)
    grouped = rows.groupby("t")
    sums = grouped.agg(
        value=("value", "sum"),
        lo=("lo", "sum"),
        hi=("hi", "sum"),
        lo_open=("lo_open", "any"),
        hi_open=("hi_open", "any"),
        conflict=("conflict", "any"),
        length=("length", "sum"),
        first=("y_start", "min"),
        last=("y_end", "max"),
        points=("row", "size"),
        qualifiers=("qualifier", "nunique"),
        qualifier=("qualifier", "first"),
    )
    years = rows.loc[rows.index.repeat(rows["length"]), ["t", "y_start"]]
    years["year"] = years["y_start"] + years.groupby(level=0).cumcount()
    sums["covered"] = years.groupby("t")["year"].nunique()
    info = targets.set_index("t").loc[sums.index]
    tv = info["tv"].to_numpy()
    all_, any_ = meets(
        info["op"].to_numpy(),
        tv,
        info["tstep"].to_numpy() / 2,
        sums["lo"].to_numpy(),
        sums["hi"].to_numpy(),
        sums["lo_open"].to_numpy(),
        sums["hi_open"].to_numpy(),
    )
    window = (info["by"] - info["start"] + 1).to_numpy()
    time_share = sums["covered"].to_numpy() / window
    r_lo, r_hi = _ratio(_share(sums["lo"].to_numpy(), tv), _share(sums["hi"].to_numpy(), tv), time_share)
    band_lo, band_hi = band(r_lo), band(r_hi)
    through = (sums["last"] == info["by"]).to_numpy()
    overlap = (sums["length"] > sums["covered"]).to_numpy()
    status = np.select(
        [sums["conflict"].to_numpy() | overlap, all_, through & any_, through, any_, band_lo == band_hi],
        [
            S.INDETERMINATE.value,
            S.ACHIEVED.value,
            S.INDETERMINATE.value,
            S.MISSED.value,
            S.INDETERMINATE.value,
            band_lo,
        ],
        default=S.INDETERMINATE.value,
    )
    index = sums.index.to_numpy()
    judged.loc[index, "status"] = status
    ratio = _share(sums["value"].to_numpy(), tv) / time_share
    judged.loc[index, "ratio"] = np.where(np.isfinite(ratio) & ~(sums["conflict"].to_numpy() | overlap), ratio, np.nan)
    judged.loc[index, "final"] = through | (status == S.ACHIEVED.value)
    judged.loc[index, "progress"] = _share(sums["value"].to_numpy(), tv)
    judged.loc[index, "time_share"] = time_share
    judged.loc[index, "points"] = sums["points"].to_numpy()
    judged.loc[index, "sum_value"] = sums["value"].to_numpy()
    judged.loc[index, "sum_lo"] = sums["lo"].to_numpy()
    judged.loc[index, "sum_hi"] = sums["hi"].to_numpy()
    judged.loc[index, "sum_qualifier"] = np.where(sums["qualifiers"] == 1, sums["qualifier"], "mixed")
    judged.loc[index, "sum_start"] = sums["first"].to_numpy()
    judged.loc[index, "row"] = (
        rows.sort_values(["t", "y_end"])
        .drop_duplicates("t", keep="last")
        .set_index("t")["row"]
        .reindex(sums.index)
        .to_numpy()
    )
    judged.loc[index, "sources"] = grouped["source"].agg(lambda s: "\n".join(dict.fromkeys(s))).to_numpy()


def _judge_milestone(targets: pd.DataFrame, pairs: pd.DataFrame, judged: pd.DataFrame, as_of: int) -> None:
    """milestone: 1 = done, 0 = not done; done by the deadline achieves it."""
    index = targets["t"].to_numpy()
    past = (as_of > targets["by"]).to_numpy()
    judged.loc[index, "status"] = np.where(past, S.MISSED.value, S.PENDING.value)
    judged.loc[index, "final"] = past
    judged.loc[index, "progress"] = 0.0
    rows = pairs[pairs["y_end"] <= pairs["end"]]
    if rows.empty:
        return
    rows = rows.assign(
        done=(rows["value"] == 1).to_numpy(), zero_at_deadline=(rows["value"] == 0) & (rows["y_end"] == rows["by"])
    )
    done_rows = rows[rows["done"]].sort_values(["t", "y_end"]).drop_duplicates("t", keep="first").set_index("t")
    latest_rows = rows.sort_values(["t", "y_end"]).drop_duplicates("t", keep="last").set_index("t")
    zero = rows.groupby("t")["zero_at_deadline"].any()
    missed_now = zero[zero].index.to_numpy()
    judged.loc[missed_now, ["status", "final"]] = [S.MISSED.value, True]
    judged.loc[latest_rows.index.to_numpy(), "row"] = latest_rows["row"].to_numpy()
    judged.loc[latest_rows.index.to_numpy(), "points"] = rows.groupby("t").size().reindex(latest_rows.index).to_numpy()
    done = done_rows.index.to_numpy()
    judged.loc[done, ["status", "final", "progress"]] = [S.ACHIEVED.value, True, 1.0]
    judged.loc[done, "row"] = done_rows["row"].to_numpy()


_JUDGES = {
    Kind.LEVEL: _judge_level,
    Kind.CHANGE: _judge_change,
    Kind.MAINTAIN: _judge_maintain,
    Kind.CUMULATIVE: _judge_cumulative,
    Kind.MILESTONE: _judge_milestone,
}


def _results(
    dataset: DataSet, targets: pd.DataFrame, judged: pd.DataFrame, actuals: pd.DataFrame, as_of: int
) -> Evaluation:
    """Turn the judged table into the results model."""
    table = actuals.reset_index(drop=True)
    figure_columns = ["y_end", "y_start", "value", "qualifier", "written", "lo", "hi", "source"]
    figures = table[figure_columns].to_numpy(dtype=object) if len(table) else np.empty((0, len(figure_columns)))
    status = judged["status"].to_numpy()
    ratio = judged["ratio"].to_numpy()
    final = judged["final"].to_numpy()
    row = judged["row"].to_numpy()
    progress = judged["progress"].to_numpy()
    time_share = judged["time_share"].to_numpy()
    points = judged["points"].to_numpy()
    sum_value = judged["sum_value"].to_numpy()
    sum_start = judged["sum_start"].to_numpy(dtype=np.int64)
    sources_joined = judged["sources"].to_numpy()
    y0 = targets["y0"].to_numpy()
    plans = []
    t = 0
    for spec in dataset.plans:
        results = []
        for target in spec.targets:
            latest = None
            sources: tuple[str, ...] = ()
            if row[t] >= 0:
                y_end, y_start, value, qualifier, written, lo, hi, source = figures[row[t]]
                if not np.isnan(sum_value[t]):
                    y_start = int(sum_start[t])
                    value, lo, hi = sum_value[t], judged.at[t, "sum_lo"], judged.at[t, "sum_hi"]
                    qualifier = judged.at[t, "sum_qualifier"]
                    written = "" if qualifier in ("=", "mixed") else written
                latest = Figure(
                    int(y_end), int(y_start), float(value), str(qualifier), str(written), float(lo), float(hi)
                )
                joined = sources_joined[t] or source
                sources = tuple(s for part in str(joined).split("\n") for s in part.split(" | ") if s)
            results.append(
                TargetResult(
                    plan_id=spec.id,
                    target_id=target.id,
                    indicator=target.indicator,
                    region=spec.model.region,
                    kind=target.kind,
                    status=Status(str(status[t])),
                    ratio=None if np.isnan(ratio[t]) else float(ratio[t]),
                    final=bool(final[t]),
                    latest=latest,
                    op=target.op,
                    target_value=target.value,
                    target_step=target.step,
                    target_text=target.text,
                    by=target.by,
                    binding=target.binding,
                    baseline_year=target.baseline_year,
                    baseline_value=None if np.isnan(y0[t]) else float(y0[t]),
                    sources=sources,
                    quote=target.quote,
                    file=spec.file,
                    line=target.line,
                    progress=None if np.isnan(progress[t]) else float(progress[t]),
                    time_share=None if np.isnan(time_share[t]) else float(time_share[t]),
                    points=int(points[t]),
                    as_of=as_of,
                )
            )
            t += 1
        model = spec.model
        plans.append(
            PlanResult(
                id=spec.id,
                title=model.title,
                title_en=model.title_en,
                region=model.region,
                period_start=model.period.start,
                period_end=model.period.end,
                file=spec.file,
                source=dict(model.source or {}),
                fail_on=tuple(model.check.fail_on) if model.check else None,
                targets=tuple(results),
            )
        )
    used = {t.indicator for spec in dataset.plans for t in spec.targets}
    catalog = dataset.indicators.catalog.indicators
    return Evaluation(as_of, tuple(plans), {i: catalog[i] for i in sorted(used)})
