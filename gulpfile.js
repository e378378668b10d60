// Copies the files tsc does not emit (node/credential icons and codex JSON) into dist/.
const { src, dest } = require('gulp');

function copyIconsAndCodex() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = copyIconsAndCodex;
