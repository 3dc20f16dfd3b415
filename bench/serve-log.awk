# bench/serve-log.awk - the log lt serve is measured on (bench/serve.sh,
# bench/serve_compare.sh): n events of five tasks interleaved, one a
# second, scores rising with noise, learning rates decaying.
# Usage: awk -v n=N -f serve-log.awk >FILE
BEGIN {
	srand(42)
	for (i = 0; i < n; i++) {
		ep = int(i / 5)
		s = 0.3 + 0.6 * ep / (n / 5) + (rand() - 0.5) * 0.1
		printf "{\"timestamp\":%d,\"task_type\":\"task_%d\",\"performance_score\":%.6g,\"learning_rate\":%.6g,\"episode_count\":%d,\"convergence_metric\":%.6g,\"metadata\":{}}\n", 1764064800 + i, i % 5, (s < 0 ? 0 : (s > 1 ? 1 : s)), 0.01 / (1 + ep / 1000), ep, 1 / (1 + ep)
	}
}
