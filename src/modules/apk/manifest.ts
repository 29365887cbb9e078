// Turns the binary XML tree of AndroidManifest.xml into the facts the rules need: package, versions,
// SDK levels, permissions, components with their intent filters, the launcher activity and
// usesCleartextTraffic. Attributes are looked up by resource id first and by name only as a fallback,
// because packers garble attribute names that Android itself never reads.
import { parseAxml, type XmlAttribute, type XmlElement } from './axml.ts';

const ATTR = {
  label: 0x01010001,
  name: 0x01010003,
  enabled: 0x0101000e,
  exported: 0x01010010,
  minSdkVersion: 0x0101020c,
  versionCode: 0x0101021b,
  versionName: 0x0101021c,
  targetSdkVersion: 0x01010270,
  maxSdkVersion: 0x01010271,
  usesCleartextTraffic: 0x010104ec,
} as const;

export type ComponentType = 'activity' | 'activity-alias' | 'service' | 'receiver' | 'provider';
const COMPONENT_TAGS = new Set<string>(['activity', 'activity-alias', 'service', 'receiver', 'provider']);

export interface IntentFilter {
  actions: string[];
  categories: string[];
  schemes: string[];
}

export interface Component {
  type: ComponentType;
  name: string;
  enabled: boolean;
  exported?: boolean;
  intentFilters: IntentFilter[];
}

export interface Permission {
  name: string;
  /** `uses-permission` or `uses-permission-sdk-23` (`uses-permission-sdk-m` is the old spelling). */
  element: string;
  maxSdkVersion?: number;
}

export interface Manifest {
  package?: string;
  versionCode?: number;
  versionName?: string;
  minSdk?: number;
  targetSdk?: number;
  /** The application label when it is a literal string (a resource reference is shown as @0x…). */
  label?: string;
  permissions: Permission[];
  components: Component[];
  launcherActivity?: string;
  usesCleartextTraffic?: boolean;
  warnings: string[];
}

export function readManifest(bytes: Uint8Array): Manifest {
  const { root, warnings } = parseAxml(bytes);
  const manifest: Manifest = { permissions: [], components: [], warnings };
  if (!root) return manifest;
  if (root.tag !== 'manifest') warnings.push(`root element is <${root.tag}>, not <manifest>`);
  manifest.package = stringAttr(root, 0, 'package');
  manifest.versionCode = numberAttr(root, ATTR.versionCode, 'versionCode');
  manifest.versionName = stringAttr(root, ATTR.versionName, 'versionName');
  for (const child of root.children) readTopLevel(child, manifest);
  manifest.launcherActivity = manifest.components.find(isLauncher)?.name;
  return manifest;
}

function readTopLevel(element: XmlElement, manifest: Manifest): void {
  if (element.tag === 'uses-permission' || element.tag === 'uses-permission-sdk-23' || element.tag === 'uses-permission-sdk-m') {
    const name = stringAttr(element, ATTR.name, 'name');
    if (name) manifest.permissions.push({ name, element: element.tag, maxSdkVersion: numberAttr(element, ATTR.maxSdkVersion, 'maxSdkVersion') });
  } else if (element.tag === 'uses-sdk') {
    manifest.minSdk = numberAttr(element, ATTR.minSdkVersion, 'minSdkVersion') ?? manifest.minSdk;
    manifest.targetSdk = numberAttr(element, ATTR.targetSdkVersion, 'targetSdkVersion') ?? manifest.targetSdk;
  } else if (element.tag === 'application') {
    manifest.label = stringAttr(element, ATTR.label, 'label');
    const cleartext = findAttr(element, ATTR.usesCleartextTraffic, 'usesCleartextTraffic')?.value;
    if (typeof cleartext === 'boolean') manifest.usesCleartextTraffic = cleartext;
    for (const child of element.children) {
      if (COMPONENT_TAGS.has(child.tag)) manifest.components.push(readComponent(child, manifest.package));
    }
  }
}

function readComponent(element: XmlElement, packageName: string | undefined): Component {
  const raw = stringAttr(element, ATTR.name, 'name') ?? '';
  const exported = findAttr(element, ATTR.exported, 'exported')?.value;
  return {
    type: element.tag as ComponentType,
    name: raw.startsWith('.') && packageName ? packageName + raw : raw,
    enabled: findAttr(element, ATTR.enabled, 'enabled')?.value !== false,
    exported: typeof exported === 'boolean' ? exported : undefined,
    intentFilters: element.children.filter((c) => c.tag === 'intent-filter').map(readIntentFilter),
  };
}

function readIntentFilter(filter: XmlElement): IntentFilter {
  const values = (tag: string, resourceId: number, name: string) =>
    filter.children.filter((c) => c.tag === tag).map((c) => stringAttr(c, resourceId, name)).filter((v): v is string => !!v);
  return {
    actions: values('action', ATTR.name, 'name'),
    categories: values('category', ATTR.name, 'name'),
    schemes: values('data', 0x01010027, 'scheme'),
  };
}

function isLauncher(component: Component): boolean {
  if (component.type !== 'activity' && component.type !== 'activity-alias') return false;
  return component.intentFilters.some(
    (f) => f.actions.includes('android.intent.action.MAIN') && f.categories.includes('android.intent.category.LAUNCHER'),
  );
}

/** By resource id when the attribute has one; by local name otherwise (resourceId 0 means "no id"). */
function findAttr(element: XmlElement, resourceId: number, name: string): XmlAttribute | undefined {
  if (resourceId) {
    const byId = element.attributes.find((a) => a.resourceId === resourceId);
    if (byId) return byId;
  }
  return element.attributes.find((a) => a.resourceId === 0 && a.name === name);
}

function stringAttr(element: XmlElement, resourceId: number, name: string): string | undefined {
  const value = findAttr(element, resourceId, name)?.value;
  return value === undefined ? undefined : String(value);
}

function numberAttr(element: XmlElement, resourceId: number, name: string): number | undefined {
  const value = findAttr(element, resourceId, name)?.value;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}
