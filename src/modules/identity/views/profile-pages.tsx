import type { FormInput } from '../../../platform/http/form-route.js';
import { CsrfField, ErrorSummary, RadioGroup, TextArea, TextField } from '../../../platform/views/components/form.js';
import { Layout } from '../../../platform/views/layout.js';
import type { ViewCtx } from '../../../platform/views/view-context.js';
import { ROLES } from '../../../platform/auth/actor.js';
import type { Lang } from '../../../platform/i18n/i18n.js';
import { AVATAR_ACCEPT, PROFILE_LOCALES, PROFILE_VISIBILITIES } from '../profile-schemas.js';
import type { OwnProfile, PublicProfile } from '../services/profiles.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const mediaUrl = (id: string) => `/media/${encodeURIComponent(id)}`;

/** The form's starting values: what is saved now, the language falling back to the page's. */
export function profileFormValues(profile: OwnProfile, lang: Lang): Record<string, unknown> {
  return {
    displayName: profile.displayName,
    pronouns: profile.pronouns ?? '',
    bioEn: profile.bioEn ?? '',
    bioFr: profile.bioFr ?? '',
    visibility: profile.visibility,
    locale: profile.locale ?? lang,
  };
}

function Avatar({ id, name, size }: { id: string | null; name: string; size: number }): JSX.Element {
  if (!id) return '';
  return <img class="avatar" src={mediaUrl(id)} alt={name} width={String(size)} height={String(size)} />;
}

export function ProfileEditPage({ ctx, profile, input }: { ctx: ViewCtx; profile: OwnProfile; input: FormInput }): JSX.Element {
  const { t } = ctx;
  const labels = {
    avatar: t('profile.fields.avatar'),
    displayName: t('profile.fields.displayName'),
    pronouns: t('profile.fields.pronouns'),
    bioEn: t('profile.fields.bioEn'),
    bioFr: t('profile.fields.bioFr'),
    visibility: t('profile.fields.visibility'),
    locale: t('profile.fields.locale'),
  };
  const v = input.values;
  return (
    <Layout ctx={ctx} title={t('profile.edit.title')}>
      <h1 safe>{t('profile.edit.title')}</h1>
      <p>
        <a href={`/people/${profile.accountId}`} safe>{t('profile.edit.viewPublic')}</a>
      </p>
      <ErrorSummary t={t} errors={input.errors} labels={labels} />

      <section aria-labelledby="avatar-title">
        <h2 id="avatar-title" safe>{t('profile.avatar.title')}</h2>
        {profile.avatarObjectId ? <Avatar id={profile.avatarObjectId} name={profile.displayName} size={96} /> : <p class="hint" safe>{t('profile.avatar.none')}</p>}
        <form method="post" action={`/account/avatar?_csrf=${encodeURIComponent(ctx.csrfToken)}`} enctype="multipart/form-data" novalidate>
          <TextField t={t} name="avatar" type="file" label={labels.avatar} hint={t('profile.avatar.hint')} errors={input.errors} accept={AVATAR_ACCEPT} required />
          <button type="submit" safe>{t('profile.avatar.upload')}</button>
        </form>
        {profile.avatarObjectId ? (
          <form method="post" action="/account/avatar/remove">
            <CsrfField token={ctx.csrfToken} />
            <button type="submit" class="secondary" safe>{t('profile.avatar.remove')}</button>
          </form>
        ) : (
          ''
        )}
      </section>

      <section aria-labelledby="details-title">
        <h2 id="details-title" safe>{t('profile.edit.details')}</h2>
        <form method="post" action="/account/profile" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <TextField t={t} name="displayName" label={labels.displayName} value={str(v.displayName)} errors={input.errors} required autocomplete="name" maxlength={80} />
          <TextField t={t} name="pronouns" label={labels.pronouns} hint={t('profile.hints.pronouns')} value={str(v.pronouns)} errors={input.errors} maxlength={40} />
          <TextArea t={t} name="bioEn" label={labels.bioEn} hint={t('profile.hints.bio')} value={str(v.bioEn)} errors={input.errors} maxlength={500} lang="en" rows={5} />
          <TextArea t={t} name="bioFr" label={labels.bioFr} hint={t('profile.hints.bio')} value={str(v.bioFr)} errors={input.errors} maxlength={500} lang="fr" rows={5} />
          <RadioGroup
            t={t}
            name="visibility"
            legend={labels.visibility}
            value={str(v.visibility)}
            errors={input.errors}
            options={PROFILE_VISIBILITIES.map((value) => ({ value, label: t(`profile.visibility.${value}`) }))}
          />
          <RadioGroup
            t={t}
            name="locale"
            legend={labels.locale}
            value={str(v.locale)}
            errors={input.errors}
            options={PROFILE_LOCALES.map((value) => ({ value, label: t(`profile.languages.${value}`) }))}
          />
          <button type="submit" safe>{t('profile.edit.submit')}</button>
        </form>
      </section>
    </Layout>
  );
}

function Bio({ lang, text }: { lang: Lang; text: string }): JSX.Element {
  return (
    <div class="bio" lang={lang}>
      {text
        .split(/\n+/)
        .filter((line) => line.trim() !== '')
        .map((line) => (
          <p safe>{line}</p>
        ))}
    </div>
  );
}

export function PublicProfilePage({ ctx, profile }: { ctx: ViewCtx; profile: PublicProfile }): JSX.Element {
  const { t, lang } = ctx;
  const bios = [
    { lang: 'en' as const, text: profile.bioEn },
    { lang: 'fr' as const, text: profile.bioFr },
  ]
    .filter((b): b is { lang: Lang; text: string } => !!b.text)
    .sort((a, b) => Number(b.lang === lang) - Number(a.lang === lang));
  return (
    <Layout ctx={ctx} title={profile.displayName}>
      <div class="profile-head">
        <Avatar id={profile.avatarObjectId} name={profile.displayName} size={128} />
        <h1 safe>{profile.displayName}</h1>
        {profile.pronouns ? <p class="hint" safe>{t('profile.public.pronouns', { pronouns: profile.pronouns })}</p> : ''}
      </div>
      {profile.isSelf ? (
        <p>
          <a href="/account/profile" safe>{t('profile.public.edit')}</a>
        </p>
      ) : (
        ''
      )}
      {bios.length > 0 ? (
        <section aria-labelledby="bio-title">
          <h2 id="bio-title" safe>{t('profile.public.about')}</h2>
          {bios.map((b) => (
            <Bio lang={b.lang} text={b.text} />
          ))}
        </section>
      ) : (
        ''
      )}
      {profile.organizations.length > 0 ? (
        <section aria-labelledby="orgs-title">
          <h2 id="orgs-title" safe>{t('profile.public.organizations')}</h2>
          <ul class="plain-links">
            {profile.organizations.map((o) => (
              <li>
                <a href={`/o/${o.slug}`} safe>{o.name[lang]}</a>{' '}
                <span class="visually-hidden" safe>{t('profile.public.rolesLabel')}</span>
                {ROLES.filter((r) => o.roles.includes(r)).map((r) => (
                  <span class="badge" safe>{t(`profile.roles.${r}`)}</span>
                ))}
                {o.staffVerified ? (
                  <span class="badge verified">
                    <span aria-hidden="true">{'✓ '}</span>
                    <span safe>{t('profile.verifiedStaff')}</span>
                  </span>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}
