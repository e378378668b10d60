import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { InvalidParameterError } from '../../shared/errors';
import type { FieldType, InputField } from './fieldTypes';
import { convertFieldValue, namedFields, parseInputJson } from './fieldTypes';
import { setInputValue } from '../../shared/values';
import type { MappingValue } from './mappedFields';
import { convertMappedValue, isBinaryReference, mappedFields } from './mappedFields';
import type { FileLimits } from '../../shared/files/inputFiles';
import { getItemParameter } from '../../shared/itemParameters';
import { readFileInput, readFilesInput, readItemBinaries } from '../../shared/files/inputFiles';

export interface FieldToConvert {
	name: string;
	type: FieldType;
	/** As entered (text) or as an expression made it. */
	value: unknown;
	/** How messages name the field; default its name. */
	label?: string;
}

/**
 * One Start-node field → the JSON value GPTBots receives, whatever the input source. Async: a
 * `file`/`files` value names binary properties of item `itemIndex`, read through n8n's helpers.
 * Throws InvalidParameterError naming the field.
 */
export async function convertField(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: FieldToConvert,
	limits: FileLimits,
): Promise<unknown> {
	const label = field.label ?? field.name;
	switch (field.type) {
		case 'file': {
			const property =
				typeof field.value === 'string' && field.value.trim() ? field.value.trim() : 'data';
			return await readFileInput(ctx, itemIndex, property, label, limits);
		}
		case 'files':
			return await readFilesInput(ctx, itemIndex, field.value, label, limits);
		default:
			return convertFieldValue(field.value, field.type, label);
	}
}

export type InputSource = 'fields' | 'json' | 'item' | 'mapped';

/** What GPTBots receives as `input` for one item, from the source the user chose. */
export async function readWorkflowInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	limits: FileLimits,
): Promise<IDataObject> {
	const source = getItemParameter(ctx, 'inputSource', itemIndex) as InputSource;
	switch (source) {
		case 'fields': {
			const input: IDataObject = {};
			const fields = namedFields(
				getItemParameter(ctx, 'inputFields.field', itemIndex, []) as InputField[],
			);
			for (const field of fields)
				setInputValue(input, field.name, await convertField(ctx, itemIndex, field, limits));
			return input;
		}
		case 'json':
			return parseInputJson(getItemParameter(ctx, 'inputJson', itemIndex));
		case 'item': {
			const input: IDataObject = { ...ctx.getInputData()[itemIndex].json };
			if (getItemParameter(ctx, 'sendBinaries', itemIndex, false) !== true) return input;
			for (const [property, file] of await readItemBinaries(ctx, itemIndex, limits)) {
				if (Object.prototype.hasOwnProperty.call(input, property)) {
					throw new InvalidParameterError(
						`Incoming Item › binary "${property}"`,
						`the item's JSON has a field "${property}" too; rename one of them (e.g. with an Edit Fields node)`,
					);
				}
				setInputValue(input, property, file);
			}
			return input;
		}
		case 'mapped': {
			// The whole mapper value, not `inputMapping.value`: n8n would check that against the
			// mapper's types with its own rules; the node converts each value as Fields mode does.
			const mapping = getItemParameter(ctx, 'inputMapping', itemIndex, {}) as MappingValue;
			const input: IDataObject = {};
			for (const field of mappedFields(mapping)) {
				const value = isBinaryReference(field)
					? await convertField(
							ctx,
							itemIndex,
							{ name: field.name, type: 'file', value: field.value, label: field.label },
							limits,
						)
					: convertMappedValue(field.value, field.type, field.label);
				if (value !== undefined) setInputValue(input, field.name, value);
			}
			return input;
		}
		default:
			throw new InvalidParameterError('Input Source', `unknown value "${String(source)}"`);
	}
}
