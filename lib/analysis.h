/*
 * analysis.h - what a log says about learning, one module per question:
 * trend.h, curve.h, converge.h, report.h and metrics.h, all reading
 * events through scan.h.
 *
 * Every analysis is one streaming pass: memory grows with the number of
 * tasks and the windows asked for, never with the number of events.
 * Each is also state to push events into (lt_trend_acc, lt_curve_acc,
 * lt_conv, lt_report_acc, lt_metrics_acc) whose result can be taken at
 * any time while the pushing goes on; the one-pass lt_analysis_* are
 * "new state, push every selected event, take the result", so a reader
 * that follows a growing log (follow.h) gets the same numbers.
 * Results are C structs whose fields carry the class's key names (SPEC.md's
 * appendix); the caller owns each and frees it with the function its
 * header names.  Nothing here prints: render.h writes results in each
 * output style, render_json.h makes the class's JSON of them.
 */
#ifndef LT_ANALYSIS_H
#define LT_ANALYSIS_H

#include "converge.h"
#include "curve.h"
#include "metrics.h"
#include "report.h"
#include "scan.h"
#include "tail.h"
#include "trend.h"

#endif
