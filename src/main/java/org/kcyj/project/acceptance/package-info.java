/**
 * The funded project's acceptance application and conclusion; published to the other modules (the portal, the overview) as the
 * project module's named interface "acceptance".
 */
@org.springframework.modulith.NamedInterface("acceptance")
package org.kcyj.project.acceptance;
