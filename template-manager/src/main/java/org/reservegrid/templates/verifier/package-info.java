@NullMarked
package org.reservegrid.templates.verifier;

import org.jspecify.annotations.NullMarked;
