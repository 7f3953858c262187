export { fillTemplate } from '../i18n/strings';
