/**
 * The funded project's task book (任务书) and its milestone plan; published to the other modules (the portal, the overview) as the
 * project module's named interface "contract".
 */
@org.springframework.modulith.NamedInterface("contract")
package org.kcyj.project.contract;
