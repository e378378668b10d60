'use strict';
// The demo's own kind of failure.

/** A failure the person running the demo can act on: printed as its message, without a stack trace. */
class DemoError extends Error {}

module.exports = { DemoError };
