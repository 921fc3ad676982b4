@NullMarked
package org.reservegrid.regtest.service;

import org.jspecify.annotations.NullMarked;
