/**
 * The funded project's milestone reports and checks; published to the other modules (the portal, the overview) as the
 * project module's named interface "milestone".
 */
@org.springframework.modulith.NamedInterface("milestone")
package org.kcyj.project.milestone;
