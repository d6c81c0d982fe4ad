// The fixed sentences of acknowledgments, in every locale, with `{parameters}`.
// French is the legal text, validated by the town's legal service; the other locales are
// translations printed beside it for the person. A new locale is one more block below.

/** Locales the receipt sentences exist in. */
export const RECEIPT_LOCALES = ['fr', 'fr-x-falc', 'en', 'ar'] as const;
export type ReceiptLocale = (typeof RECEIPT_LOCALES)[number];

const fr = {
  'title.receipt': 'Accusé de réception électronique',
  'title.registration': 'Accusé d’enregistrement électronique',
  'town': 'Commune de {town}',
  'registration.next':
    'Votre envoi a été enregistré. Un accusé de réception, qui précisera le service chargé de votre dossier et, pour une demande, la date à laquelle elle sera réputée acceptée ou rejetée, vous sera adressé dans un délai de dix jours ouvrés.',
  'section.receipt': 'Votre envoi',
  'section.service': 'Service chargé du dossier',
  'section.decision': 'Décision',
  'section.incomplete': 'Dossier incomplet',
  'section.data': 'Vos données personnelles',
  'section.translation': 'Traduction',
  'label.reference': 'Référence',
  'label.receivedAt': 'Date de réception par l’administration',
  'value.receivedAt': 'le {date} à {time} (heure de Paris)',
  'label.procedure': 'Démarche',
  'label.kind': 'Nature de l’envoi',
  'kind.request': 'Demande',
  'kind.declaration': 'Déclaration',
  'kind.information': 'Information',
  'label.serviceName': 'Service',
  'label.serviceContact': 'Adresse électronique ou postale',
  'label.servicePhone': 'Téléphone',
  'label.silence': 'Silence de l’administration',
  'silence.acceptance':
    'Le silence gardé par l’administration sur votre demande vaut décision d’acceptation (article L231-1 du code des relations entre le public et l’administration).',
  'silence.rejection':
    'Le silence gardé par l’administration sur votre demande vaut décision de rejet (article L231-4 du code des relations entre le public et l’administration).',
  'silence.notApplicable': 'Le silence gardé par l’administration ne fait pas naître de décision pour cette demande : {reason}',
  'label.implicitDecisionDate': 'Date de la décision implicite',
  'implicit.acceptance':
    'À défaut de décision expresse, votre demande sera réputée acceptée le {date}, sous réserve que votre dossier soit complet.',
  'implicit.rejection':
    'À défaut de décision expresse, votre demande sera réputée rejetée le {date}, sous réserve que votre dossier soit complet.',
  'label.certificate': 'Attestation d’acceptation',
  'certificate':
    'Lorsque la décision implicite d’acceptation sera née, vous pourrez demander au service une attestation la constatant (article L232-3 du code des relations entre le public et l’administration).',
  'label.appeal': 'Voies et délais de recours',
  'appeal':
    'Vous pouvez contester la décision implicite de rejet dans un délai de deux mois à compter de la date à laquelle elle est née : par un recours gracieux adressé au maire de {town}, ou par un recours contentieux devant le {court}, qui peut aussi être saisi par l’application Télérecours citoyens (www.telerecours.fr). Un recours gracieux formé dans ce délai le prolonge : le recours contentieux reste possible pendant deux mois après la réponse du maire, ou après son silence de deux mois.',
  'label.incomplete': 'Pièces ou informations manquantes',
  'incomplete.general':
    'Si votre dossier est incomplet, le service vous indiquera les pièces ou informations manquantes et le délai dans lequel les fournir.',
  'incomplete.listed': 'Votre dossier est incomplet. Il manque : {missing}. Merci de les fournir avant le {date}.',
  'incomplete.delayRuns':
    'Le délai au terme duquel votre demande sera réputée acceptée ou rejetée ne court qu’à compter de la réception de ces pièces ou informations (article L114-5 du code des relations entre le public et l’administration).',
  'label.dataController': 'Responsable du traitement',
  'data.controller': 'Commune de {town}, représentée par son maire',
  'label.dataPurpose': 'Finalité et base légale',
  'data.purpose':
    'Traiter votre démarche « {procedure} » et la transmettre au service chargé du dossier ({service}). Base légale : exécution d’une mission d’intérêt public (article 6.1.e du RGPD).',
  'label.dataRetention': 'Durée de conservation',
  'data.retention':
    'Vos réponses et pièces jointes sont effacées de Guichet {days} jours après la dernière étape de votre dossier. Seuls la référence, la démarche, les dates et les étapes sont gardés, pour le suivi et les statistiques. Le service chargé du dossier conserve ensuite les pièces selon les règles qui s’appliquent à lui.',
  'label.dataRights': 'Vos droits',
  'data.rights':
    'Vous pouvez accéder à vos données, les faire rectifier, demander la limitation de leur traitement ou vous y opposer (articles 15 à 21 du RGPD), en écrivant au délégué à la protection des données. Vous pouvez adresser une réclamation à la CNIL (www.cnil.fr).',
  'label.dataProtectionOfficer': 'Délégué à la protection des données',
  'tracking': 'Suivre votre dossier',
  'keep': 'Conservez ce document : il prouve la date de votre envoi.',
  'translation.note': 'Traduction donnée pour information ; seul le texte en français fait foi.',
  'email.subject.receipt': 'Accusé de réception — {reference}',
  'email.subject.registration': 'Accusé d’enregistrement — {reference}',
  'email.attachment': 'Le document joint (PDF) reprend ces informations ; gardez-le.',
  'section.assisted': 'Accompagnement',
  'label.helper': 'Personne qui vous a aidé',
  'label.mandate': 'Numéro du mandat',
  'label.mandateResident': 'Mandat donné par',
  'label.mandateProcedures': 'Démarches confiées',
  'label.mandateUntil': 'Mandat valable jusqu’au',
  'value.mandateUntil': '{date} à {time} (heure de Paris)',
  'value.mandateUntilSession': 'la fin de la session accompagnée, au plus tard le {date} à {time} (heure de Paris)',
} as const;

export type ReceiptTextKey = keyof typeof fr;

/** Every locale has every key: the compiler refuses a missing sentence. */
export const RECEIPT_TEXTS: Record<ReceiptLocale, Record<ReceiptTextKey, string>> = {
  fr,
  'fr-x-falc': {
    'title.receipt': 'La mairie a bien reçu votre demande',
    'title.registration': 'La mairie a bien enregistré votre envoi',
    'town': 'Mairie de {town}',
    'registration.next':
      'Votre envoi est enregistré. Dans 10 jours de travail au plus, vous recevez un autre papier. Ce papier dit quel service s’occupe de votre demande et quand elle a une réponse.',
    'section.receipt': 'Ce que vous avez envoyé',
    'section.service': 'Le service qui s’occupe de votre demande',
    'section.decision': 'La réponse de la mairie',
    'section.incomplete': 'S’il manque quelque chose',
    'section.data': 'Vos informations personnelles',
    'section.translation': 'En français facile',
    'label.reference': 'Votre numéro de dossier',
    'label.receivedAt': 'La mairie a reçu votre envoi',
    'value.receivedAt': 'le {date} à {time}',
    'label.procedure': 'Votre démarche',
    'label.kind': 'Vous avez envoyé',
    'kind.request': 'Une demande',
    'kind.declaration': 'Une déclaration',
    'kind.information': 'Une information',
    'label.serviceName': 'Le service',
    'label.serviceContact': 'Pour écrire au service',
    'label.servicePhone': 'Pour appeler le service',
    'label.silence': 'Si la mairie ne répond pas',
    'silence.acceptance': 'Si la mairie ne vous répond pas, la réponse est oui.',
    'silence.rejection': 'Si la mairie ne vous répond pas, la réponse est non.',
    'silence.notApplicable': 'Pour cette demande, si la mairie ne répond pas, ce n’est ni oui ni non. {reason}',
    'label.implicitDecisionDate': 'La date de la réponse',
    'implicit.acceptance':
      'Si la mairie ne vous répond pas avant le {date}, la réponse est oui. Votre dossier doit être complet.',
    'implicit.rejection':
      'Si la mairie ne vous répond pas avant le {date}, la réponse est non. Votre dossier doit être complet.',
    'label.certificate': 'Un papier qui prouve le oui',
    'certificate': 'Quand la réponse est oui, vous pouvez demander au service un papier qui le prouve.',
    'label.appeal': 'Si vous n’êtes pas d’accord',
    'appeal':
      'Si la réponse est non, vous avez 2 mois pour contester. Vous pouvez écrire au maire de {town}. Vous pouvez aussi demander au juge : le {court}. Vous pouvez le faire sur internet : www.telerecours.fr.',
    'label.incomplete': 'Ce qui manque',
    'incomplete.general': 'S’il manque un papier ou une information, le service vous le dit. Il vous dit aussi avant quelle date l’envoyer.',
    'incomplete.listed': 'Il manque : {missing}. Envoyez-les avant le {date}.',
    'incomplete.delayRuns': 'La mairie a du temps pour répondre. Ce temps commence quand elle reçoit ce qui manque.',
    'label.dataController': 'Qui utilise vos informations',
    'data.controller': 'La mairie de {town}',
    'label.dataPurpose': 'Pourquoi',
    'data.purpose': 'Pour s’occuper de votre démarche « {procedure} ». Vos informations vont au service : {service}.',
    'label.dataRetention': 'Combien de temps',
    'data.retention':
      'Guichet efface vos réponses et vos papiers {days} jours après la dernière étape de votre dossier. Guichet garde seulement le numéro, la démarche et les dates.',
    'label.dataRights': 'Vos droits',
    'data.rights':
      'Vous pouvez voir vos informations. Vous pouvez demander de les corriger. Vous pouvez refuser qu’on les utilise. Écrivez à la personne qui protège vos informations. Vous pouvez aussi vous plaindre à la CNIL : www.cnil.fr.',
    'label.dataProtectionOfficer': 'La personne qui protège vos informations',
    'tracking': 'Voir où en est votre demande',
    'keep': 'Gardez ce papier. Il montre le jour de votre envoi.',
    'translation.note': 'Ce texte en français facile vous aide à comprendre. Le texte officiel est le texte du haut.',
    'email.subject.receipt': 'La mairie a reçu votre demande — {reference}',
    'email.subject.registration': 'La mairie a enregistré votre envoi — {reference}',
    'email.attachment': 'Le papier est aussi dans le fichier PDF. Gardez-le.',
    'section.assisted': 'La personne qui vous a aidé',
    'label.helper': 'Son nom',
    'label.mandate': 'Le numéro de votre accord',
    'label.mandateResident': 'Vous',
    'label.mandateProcedures': 'Les démarches',
    'label.mandateUntil': 'L’accord finit',
    'value.mandateUntil': 'le {date} à {time}',
    'value.mandateUntilSession': 'à la fin de la session. Au plus tard le {date} à {time}',
  },
  en: {
    'title.receipt': 'Electronic acknowledgment of receipt',
    'title.registration': 'Electronic acknowledgment of registration',
    'town': 'Town of {town}',
    'registration.next':
      'Your sending has been registered. An acknowledgment of receipt, naming the service in charge of your file and, for a request, the date on which it will be deemed accepted or rejected, will be sent to you within ten working days.',
    'section.receipt': 'Your sending',
    'section.service': 'Service in charge of your file',
    'section.decision': 'Decision',
    'section.incomplete': 'Incomplete file',
    'section.data': 'Your personal data',
    'section.translation': 'Translation',
    'label.reference': 'Reference',
    'label.receivedAt': 'Date of receipt by the administration',
    'value.receivedAt': '{date} at {time} (Paris time)',
    'label.procedure': 'Procedure',
    'label.kind': 'Type of sending',
    'kind.request': 'Request',
    'kind.declaration': 'Declaration',
    'kind.information': 'Information',
    'label.serviceName': 'Service',
    'label.serviceContact': 'Email or postal address',
    'label.servicePhone': 'Phone',
    'label.silence': 'If the administration does not answer',
    'silence.acceptance':
      'If the administration does not answer your request, its silence is worth acceptance (article L231-1 of the Code of relations between the public and the administration).',
    'silence.rejection':
      'If the administration does not answer your request, its silence is worth rejection (article L231-4 of the Code of relations between the public and the administration).',
    'silence.notApplicable': 'Silence from the administration does not give rise to a decision on this request: {reason}',
    'label.implicitDecisionDate': 'Date of the implicit decision',
    'implicit.acceptance':
      'Without an express decision, your request will be deemed accepted on {date}, provided your file is complete.',
    'implicit.rejection':
      'Without an express decision, your request will be deemed rejected on {date}, provided your file is complete.',
    'label.certificate': 'Certificate of acceptance',
    'certificate':
      'Once the implicit acceptance has arisen, you may ask the service for a certificate stating it (article L232-3 of the Code of relations between the public and the administration).',
    'label.appeal': 'How and when to appeal',
    'appeal':
      'You may challenge the implicit rejection within two months of the date on which it arose: by an administrative appeal to the mayor of {town}, or by a court appeal before the {court}, which can also be lodged online with Télérecours citoyens (www.telerecours.fr). An administrative appeal made within that time extends it: a court appeal remains possible for two months after the mayor’s answer, or after two months of silence.',
    'label.incomplete': 'Missing documents or information',
    'incomplete.general':
      'If your file is incomplete, the service will tell you which documents or information are missing and the time you have to provide them.',
    'incomplete.listed': 'Your file is incomplete. Missing: {missing}. Please provide them before {date}.',
    'incomplete.delayRuns':
      'The time after which your request will be deemed accepted or rejected only starts when these documents or information are received (article L114-5 of the Code of relations between the public and the administration).',
    'label.dataController': 'Controller',
    'data.controller': 'Town of {town}, represented by its mayor',
    'label.dataPurpose': 'Purpose and legal basis',
    'data.purpose':
      'To handle your procedure “{procedure}” and pass it to the service in charge ({service}). Legal basis: a task carried out in the public interest (article 6(1)(e) GDPR).',
    'label.dataRetention': 'Retention',
    'data.retention':
      'Your answers and attachments are erased from Guichet {days} days after the last step of your file. Only the reference, the procedure, the dates and the steps are kept, for tracking and statistics. The service in charge then keeps the documents under the rules that apply to it.',
    'label.dataRights': 'Your rights',
    'data.rights':
      'You may access your data, have it corrected, ask for its processing to be restricted or object to it (articles 15 to 21 GDPR) by writing to the data protection officer. You may lodge a complaint with the CNIL (www.cnil.fr).',
    'label.dataProtectionOfficer': 'Data protection officer',
    'tracking': 'Track your file',
    'keep': 'Keep this document: it proves the date of your sending.',
    'translation.note': 'Translation given for information; only the French text is authoritative.',
    'email.subject.receipt': 'Acknowledgment of receipt — {reference}',
    'email.subject.registration': 'Acknowledgment of registration — {reference}',
    'email.attachment': 'The attached document (PDF) has the same information; keep it.',
    'section.assisted': 'Help',
    'label.helper': 'Person who helped you',
    'label.mandate': 'Mandate number',
    'label.mandateResident': 'Mandate given by',
    'label.mandateProcedures': 'Procedures entrusted',
    'label.mandateUntil': 'Mandate valid until',
    'value.mandateUntil': '{date} at {time} (Paris time)',
    'value.mandateUntilSession': 'the end of the assisted session, {date} at {time} (Paris time) at the latest',
  },
  ar: {
    'title.receipt': 'إشعار إلكتروني بالاستلام',
    'title.registration': 'إشعار إلكتروني بالتسجيل',
    'town': 'بلدية {town}',
    'registration.next':
      'تم تسجيل إرسالك. سيصلك في أجل عشرة أيام عمل إشعار بالاستلام يذكر المصلحة المكلفة بملفك، وبالنسبة للطلب، التاريخ الذي يعتبر فيه مقبولا أو مرفوضا.',
    'section.receipt': 'إرسالك',
    'section.service': 'المصلحة المكلفة بالملف',
    'section.decision': 'القرار',
    'section.incomplete': 'ملف غير كامل',
    'section.data': 'بياناتك الشخصية',
    'section.translation': 'الترجمة',
    'label.reference': 'المرجع',
    'label.receivedAt': 'تاريخ استلام الإدارة',
    'value.receivedAt': '{date} على الساعة {time} (بتوقيت باريس)',
    'label.procedure': 'الإجراء',
    'label.kind': 'نوع الإرسال',
    'kind.request': 'طلب',
    'kind.declaration': 'تصريح',
    'kind.information': 'معلومة',
    'label.serviceName': 'المصلحة',
    'label.serviceContact': 'العنوان الإلكتروني أو البريدي',
    'label.servicePhone': 'الهاتف',
    'label.silence': 'سكوت الإدارة',
    'silence.acceptance':
      'إذا لم ترد الإدارة على طلبك، فإن سكوتها يعتبر قرارا بالقبول (المادة L231-1 من قانون العلاقات بين الجمهور والإدارة).',
    'silence.rejection':
      'إذا لم ترد الإدارة على طلبك، فإن سكوتها يعتبر قرارا بالرفض (المادة L231-4 من قانون العلاقات بين الجمهور والإدارة).',
    'silence.notApplicable': 'سكوت الإدارة لا ينشئ أي قرار بالنسبة لهذا الطلب: {reason}',
    'label.implicitDecisionDate': 'تاريخ القرار الضمني',
    'implicit.acceptance': 'في غياب قرار صريح، يعتبر طلبك مقبولا بتاريخ {date}، بشرط أن يكون ملفك كاملا.',
    'implicit.rejection': 'في غياب قرار صريح، يعتبر طلبك مرفوضا بتاريخ {date}، بشرط أن يكون ملفك كاملا.',
    'label.certificate': 'شهادة القبول',
    'certificate':
      'عند نشوء قرار القبول الضمني، يمكنك أن تطلب من المصلحة شهادة تثبته (المادة L232-3 من قانون العلاقات بين الجمهور والإدارة).',
    'label.appeal': 'طرق وآجال الطعن',
    'appeal':
      'يمكنك الطعن في قرار الرفض الضمني في أجل شهرين من تاريخ نشوئه: بتظلم إداري موجه إلى رئيس بلدية {town}، أو بدعوى أمام المحكمة الإدارية ({court})، ويمكن رفعها أيضا عبر تطبيق Télérecours citoyens (www.telerecours.fr). التظلم الإداري المقدم في هذا الأجل يمدده: تبقى الدعوى ممكنة لمدة شهرين بعد رد رئيس البلدية أو بعد سكوته لمدة شهرين.',
    'label.incomplete': 'الوثائق أو المعلومات الناقصة',
    'incomplete.general': 'إذا كان ملفك غير كامل، ستبلغك المصلحة بالوثائق أو المعلومات الناقصة وبالأجل المحدد لتقديمها.',
    'incomplete.listed': 'ملفك غير كامل. ينقصه: {missing}. يرجى تقديمها قبل {date}.',
    'incomplete.delayRuns':
      'لا يبدأ احتساب الأجل الذي يعتبر بعده طلبك مقبولا أو مرفوضا إلا من تاريخ استلام هذه الوثائق أو المعلومات (المادة L114-5 من قانون العلاقات بين الجمهور والإدارة).',
    'label.dataController': 'المسؤول عن المعالجة',
    'data.controller': 'بلدية {town}، ويمثلها رئيس البلدية',
    'label.dataPurpose': 'الغرض والأساس القانوني',
    'data.purpose':
      'معالجة إجرائك «{procedure}» وإحالته إلى المصلحة المكلفة بالملف ({service}). الأساس القانوني: أداء مهمة للمصلحة العامة (المادة \u20666.1.e\u2069 من اللائحة العامة لحماية البيانات).',
    'label.dataRetention': 'مدة الحفظ',
    'data.retention':
      'تحذف أجوبتك ومرفقاتك من Guichet بعد {days} يوما من آخر مرحلة في ملفك. لا يحفظ إلا المرجع والإجراء والتواريخ والمراحل، للمتابعة والإحصاء. ثم تحفظ المصلحة المكلفة الوثائق وفق القواعد المطبقة عليها.',
    'label.dataRights': 'حقوقك',
    'data.rights':
      'يمكنك الاطلاع على بياناتك وطلب تصحيحها أو تقييد معالجتها أو الاعتراض عليها (المواد 15 إلى 21 من اللائحة العامة لحماية البيانات) بمراسلة مندوب حماية البيانات. ويمكنك تقديم شكوى إلى اللجنة الوطنية للمعلوماتية والحريات CNIL (www.cnil.fr).',
    'label.dataProtectionOfficer': 'مندوب حماية البيانات',
    'tracking': 'تتبع ملفك',
    'keep': 'احتفظ بهذه الوثيقة: فهي تثبت تاريخ إرسالك.',
    'translation.note': 'ترجمة مقدمة للإعلام؛ النص الفرنسي وحده هو المعتمد.',
    'email.subject.receipt': 'إشعار بالاستلام — {reference}',
    'email.subject.registration': 'إشعار بالتسجيل — {reference}',
    'email.attachment': 'الوثيقة المرفقة (PDF) تتضمن نفس المعلومات؛ احتفظ بها.',
    'section.assisted': 'المساعدة',
    'label.helper': 'الشخص الذي ساعدك',
    'label.mandate': 'رقم التفويض',
    'label.mandateResident': 'التفويض صادر عن',
    'label.mandateProcedures': 'الإجراءات الموكلة',
    'label.mandateUntil': 'التفويض صالح حتى',
    'value.mandateUntil': '{date} الساعة {time} (بتوقيت باريس)',
    'value.mandateUntilSession': 'نهاية جلسة المساعدة، في موعد أقصاه {date} الساعة {time} (بتوقيت باريس)',
  },
};

/** Whether the receipt sentences exist in a locale. */
export function isReceiptLocale(locale: string): locale is ReceiptLocale {
  return (RECEIPT_LOCALES as readonly string[]).includes(locale);
}

/**
 * A sentence in a locale with its parameters filled in. A parameter left unfilled stays as
 * `{name}`, so that a missing value shows on the receipt and in tests instead of vanishing.
 *
 * @example receiptText('en', 'town', { town: 'Belval-sur-Loire' }) // 'Town of Belval-sur-Loire'
 */
export function receiptText(locale: ReceiptLocale, key: ReceiptTextKey, params: Record<string, string | number> = {}): string {
  return RECEIPT_TEXTS[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
