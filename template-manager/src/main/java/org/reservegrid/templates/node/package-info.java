@NullMarked
package org.reservegrid.templates.node;

import org.jspecify.annotations.NullMarked;
