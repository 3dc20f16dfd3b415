#!/usr/bin/env bats
# lt record: single events, --batch, --stream, and the rules of an event.

load test_helper

@test "record appends one event to a new CSV log with its header" {
	run lt record -f run.csv -t cls -s 0.85 -r 0.01 -e 100 -c 0.05 \
	    --time 2026-11-25T10:00:00Z batch_size=32 optimizer=adam
	assert_success
	assert_output ''
	run cat run.csv
	assert_output 'timestamp,task_type,performance_score,learning_rate,episode_count,convergence_metric,metadata
1795600800,cls,0.85,0.01,100,0.05,"{""batch_size"":32,""optimizer"":""adam""}"'
}

@test "record appends one event to a JSONL log" {
	run lt record -f run.jsonl -t cls -s 0.85 -r 0.01 -e 100 -c 0.05 \
	    --time 1795600800.5
	assert_success
	run cat run.jsonl
	assert_output '{"timestamp":1795600800.5,"task_type":"cls","performance_score":0.85,"learning_rate":0.01,"episode_count":100,"convergence_metric":0.05,"metadata":{}}'
}
