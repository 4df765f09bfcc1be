// SPDX-License-Identifier: MIT
/*
 * TEST FIXTURE: a babeltrace2 plugin named "ctf" that has no source.ctf.fs (only a sink that
 * ends at once). Placed first on BABELTRACE_PLUGIN_PATH it shadows the installed ctf plugin, in
 * the babeltrace2 CLI as in every rpmsg-scope trace reader: plugin_path.sh shows that both pick
 * it, and that the reader's error line names this file.
 */
#include <babeltrace2/babeltrace.h>

BT_PLUGIN_MODULE();
BT_PLUGIN(ctf);
BT_PLUGIN_DESCRIPTION("rpmsg-scope test fixture: a 'ctf' plugin without source.ctf.fs");

static bt_component_class_sink_consume_method_status nothing_consume(bt_self_component_sink *self)
{
	(void)self;
	return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_END;
}

BT_PLUGIN_SINK_COMPONENT_CLASS(nothing, nothing_consume);
