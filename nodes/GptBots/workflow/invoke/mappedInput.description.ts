import type { INodeProperties } from 'n8n-workflow';

/** Input source "Fields from Recent Runs" and, as an AI-Agent tool, a suggested description. */
export const inputMappingDescription: INodeProperties[] = [
	{
		displayName: 'Fields From Recent Runs',
		name: 'inputMapping',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		description:
			'The fields that API runs of the last 30 days sent, each with the type their values had. Refresh to read the run logs again.',
		typeOptions: {
			loadOptionsDependsOn: ['inputSource'],
			resourceMapper: {
				resourceMapperMethod: 'getInputMappingFields',
				mode: 'map',
				valuesLabel: 'Workflow Inputs',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: false,
			},
		},
		displayOptions: { show: { operation: ['invoke'], inputSource: ['mapped'] } },
	},
	{
		displayName: 'Suggested Tool Description',
		name: 'toolDescriptionSuggestion',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description:
			'A description made from the workflow name and the fields of recent runs. Copy it into Description above (Set Manually): the model chooses a tool by its description. It changes nothing by itself.',
		modes: [
			{
				displayName: 'From Recent Runs',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'getToolDescriptionSuggestions' },
			},
		],
		displayOptions: { show: { '@tool': [true], operation: ['invoke'] } },
	},
];
