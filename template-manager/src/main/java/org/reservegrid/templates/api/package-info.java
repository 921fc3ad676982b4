@NullMarked
package org.reservegrid.templates.api;

import org.jspecify.annotations.NullMarked;
