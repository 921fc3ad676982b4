@NullMarked
package org.reservegrid.templates.template;

import org.jspecify.annotations.NullMarked;
