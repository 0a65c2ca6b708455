#!/usr/bin/env bash
# summarize.sh OUT [BODY_BYTES]: the Markdown summary of a bench/server/run.sh
# output folder (results.tsv, rss-*.tsv): medians over the runs, the
# verify/nginx ratio within each run, the memory traces.
set -euo pipefail
OUT=$1
BODY=${2:-?}
TSV=$OUT/results.tsv

# median: the middle of the numbers on standard input (mean of the two
# middle ones for an even count).
median() {
  sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
# column TARGET CONNECTIONS NAME: that column of the timed runs (not rss).
column() {
  awk -F'\t' -v t="$1" -v c="$2" -v name="$3" '
    NR == 1 {for (i = 1; i <= NF; i++) col[$i] = i; next}
    $1 != "rss" && $2 == t && $3 == c {print $col[name]}' "$TSV"
}
total() { column "$@" | awk '$1 != "-" {s += $1} END {print s + 0}'; }

echo "| target | connections | runs | req/s (median) | p50 ms | p99 ms | CPU µs/req | non-2xx | socket errors | load (1 min) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
awk -F'\t' 'NR > 1 && $1 != "rss" && !seen[$2 "\t" $3]++ {print $2 "\t" $3}' "$TSV" |
  while IFS=$'\t' read -r t c; do
    runs=$(column "$t" "$c" rps | wc -l)
    rps=$(column "$t" "$c" rps | median)
    loads=$(column "$t" "$c" load | sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {print (lo == hi) ? lo : lo "–" hi}')
    non2xx=$(total "$t" "$c" non2xx)
    if [[ $t == demands* ]]; then
      non2xx="$non2xx ($(total "$t" "$c" s201) × 201, $(total "$t" "$c" s422) × 422, $(total "$t" "$c" sother) other)"
    fi
    name=$t
    case $t in
      healthz) name='`GET /healthz`' ;;
      verify) name='`GET /api/v1/verify/{code}`' ;;
      static) name="nginx, static ${BODY} B" ;;
      demands) name='`POST /api/v1/demands`' ;;
      demands-paced) name='`POST /api/v1/demands`, paced' ;;
    esac
    printf '| %s | %s | %s | %.0f | %s | %s | %s | %s | %s | %s |\n' "$name" "$c" "$runs" "$rps" \
      "$(column "$t" "$c" p50_ms | median)" "$(column "$t" "$c" p99_ms | median)" \
      "$(column "$t" "$c" cpu_us | median)" "$non2xx" \
      "$(total "$t" "$c" socket_errors)" "$loads"
  done

# verify / nginx within each run (the two ran one after the other).
echo
awk -F'\t' 'NR > 1 && $1 != "rss" && ($2 == "verify" || $2 == "static") {rps[$1 "\t" $3 "\t" $2] = $5; key[$1 "\t" $3] = 1}
  END {for (k in key) if ((k "\tverify") in rps && (k "\tstatic") in rps) print k "\t" rps[k "\tverify"] / rps[k "\tstatic"]}' "$TSV" |
  sort -k2,2n -k1,1 >"$OUT/ratios.tsv"
if [[ -s $OUT/ratios.tsv ]]; then
  for c in $(cut -f2 "$OUT/ratios.tsv" | sort -nu); do
    list=$(awk -F'\t' -v c="$c" '$2 == c {printf "%s%.2f", sep, $3; sep = ", "}' "$OUT/ratios.tsv")
    med=$(awk -F'\t' -v c="$c" '$2 == c {print $3}' "$OUT/ratios.tsv" | median)
    printf -- '- verify / nginx at %s connections: **%.2f** (median; per run %s)\n' "$c" "$med" "$list"
  done
fi

# Memory: the server's VmRSS, sampled every second during the long runs.
for trace in "$OUT"/rss-*.tsv; do
  [[ -s $trace ]] || continue
  name=$(basename "$trace" .tsv)
  name=${name#rss-}
  row=$(awk -F'\t' -v target="$name" 'NR > 1 && $1 == "rss" && $2 == target {printf "%s connections, %.0f req/s, p99 %s ms", $3, $5, $7}' "$TSV")
  awk -F'\t' -v name="$name" -v row="$row" '
    $2 != "" {n++; v[n] = $2; if ($2 > max) max = $2; if ($1 == 10) ten = $2}
    END {
      if (!ten) ten = v[1]
      printf "- VmRSS during %d s of %s (%s): start %.1f MiB, at 10 s %.1f MiB, end %.1f MiB, max %.1f MiB; end − 10 s = %+.1f MiB\n",
        n, name, row, v[1] / 1024, ten / 1024, v[n] / 1024, max / 1024, (v[n] - ten) / 1024
    }' "$trace"
done
