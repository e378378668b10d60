/** Runs an action node after the start node, to completion or to a wait. */
import { WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, type IRun, type IRunExecutionData } from 'n8n-workflow';

import { nextExecutionId } from './additionalData';
import { buildEngine, type Engine } from './buildEngine';
import { START_NODE_NAME, toItems } from './nodeTypes';
import type { RunOptions, RunResult, StreamChunk } from './types';

/** Runs the engine to completion (or to a wait) and collects the run from `workflowExecuteAfter`. */
export async function execute(
	engine: Engine,
	runExecutionData: IRunExecutionData,
): Promise<RunResult> {
	let collected: IRun | undefined;
	engine.hooks.addHandler('workflowExecuteAfter', (run) => {
		collected = run;
	});
	const returned = await new WorkflowExecute(
		engine.additionalData,
		'manual',
		runExecutionData,
	).processRunExecutionData(engine.workflow);
	const run = collected ?? returned;

	const nodeName = engine.workflowNode.name;
	const task = run.data.resultData.runData[nodeName]?.at(-1);
	const outputs = (task?.data?.main ?? []).map((output) => output ?? []);
	return {
		items: outputs[0] ?? [],
		outputs,
		error: run.data.resultData.error,
		nodeError: task?.error,
		run,
		waitTill: run.waitTill ?? run.data.waitTill ?? undefined,
		// n8n saves the data to its database and reads it back on resume: keep our own copy.
		runExecutionData: structuredClone(run.data),
		executionId: engine.executionId,
	};
}

export async function runNode(options: RunOptions): Promise<RunResult> {
	const items = toItems(options.inputItems);
	const engine = buildEngine(options, items, nextExecutionId());
	const { onChunk } = options;
	if (onChunk) {
		engine.hooks.addHandler('sendChunk', async (chunk) => onChunk(chunk as StreamChunk));
		(engine.additionalData as { streamingEnabled?: boolean }).streamingEnabled = true;
	}
	const startNode = engine.workflow.getStartNode();
	if (startNode?.name !== START_NODE_NAME) throw new Error('the harness start node was not picked');
	const runExecutionData = createRunExecutionData({
		executionData: {
			// As n8n's manual run: the trigger sits on the stack with one empty item as its input.
			nodeExecutionStack: [{ node: startNode, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	return await execute(engine, runExecutionData);
}
