@NullMarked
package org.reservegrid.templates.settings;

import org.jspecify.annotations.NullMarked;
