// Copies the files tsc does not emit (the icons of nodes and credential, codex JSON) into dist/.
const { src, dest } = require('gulp');

function copyIconsAndCodex() {
	return src(['icons/*.{png,svg}', 'nodes/**/*.node.json'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = copyIconsAndCodex;
