/** The verifier's TCP protocol server (Netty): TemplatePropose in, TemplateVerdict out, pipelined. */
@NullMarked
package org.reservegrid.verifier.tcp;

import org.jspecify.annotations.NullMarked;
