// @ts-check
'use strict';
// A Code node that turns each item's binary property into JSON (bytes, base64, file name, MIME
// type): what the next node of a real workflow reads of a downloaded file.
const { codeNode } = require('../lib/builders');

/**
 * @param {string} name the node's name
 * @param {string} property the binary property to read
 */
function readBackNode(name, property) {
	return codeNode(
		name,
		`const out = [];
const items = $input.all();
for (let i = 0; i < items.length; i++) {
	const file = items[i].binary?.[${JSON.stringify(property)}];
	if (!file) { out.push({ json: { missing: true } }); continue; }
	const buffer = await this.helpers.getBinaryDataBuffer(i, ${JSON.stringify(property)});
	out.push({ json: { base64: buffer.toString('base64'), bytes: buffer.length, fileName: file.fileName, mimeType: file.mimeType } });
}
return out;`,
	);
}

module.exports = { readBackNode };
