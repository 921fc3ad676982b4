/** Where frames come from: a node (getblocktemplate long polling) or another feed server (WebSocket relay). */
@NullMarked
package org.reservegrid.feedserver.upstream;

import org.jspecify.annotations.NullMarked;
